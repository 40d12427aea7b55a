import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, methodNotAllowed, requireApiUser } from '#app/lib/rest.server.ts'
import { cancelPlan } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/cancel : auto-renew off; the plan runs to the period end. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    return cancelPlan(db, user.id)
  })
}
