import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import {
  handleRest,
  methodNotAllowed,
  parseInput,
  readJsonBody,
  requireApiUser,
} from '#app/lib/rest.server.ts'
import { changePlan, ZChangePlanInput } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/change `{ planId, quote? }`: upgrade now (prorated) or downgrade at period end. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    const input = parseInput(ZChangePlanInput, await readJsonBody(request))
    return changePlan(db, { userId: user.id, ...input })
  })
}
