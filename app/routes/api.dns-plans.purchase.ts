import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import {
  handleRest,
  methodNotAllowed,
  parseInput,
  readJsonBody,
  requireApiUser,
} from '#app/lib/rest.server.ts'
import { purchasePlan, ZPurchasePlanInput } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/purchase `{ planId, idempotencyKey? }`: buy a plan from custom credits. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    const input = parseInput(ZPurchasePlanInput, await readJsonBody(request))
    return purchasePlan(db, { userId: user.id, ...input })
  })
}
