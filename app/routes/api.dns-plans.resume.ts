import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, methodNotAllowed, requireApiUser } from '#app/lib/rest.server.ts'
import { resumePlan } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/resume : undo a cancel before the period ends. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    return resumePlan(db, user.id)
  })
}
