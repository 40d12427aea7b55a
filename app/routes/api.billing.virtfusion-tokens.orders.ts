import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { clientIpOf } from '#app/lib/auth.server.ts'
import {
  handleRest,
  methodNotAllowed,
  parseInput,
  readJsonBody,
  requireApiUser,
} from '#app/lib/rest.server.ts'
import { getProviders, startTopup, ZCreateTopupInput } from '#app/lib/services.server.ts'

/** POST /api/billing/virtfusion-tokens/orders `{ amount }` → `{ orderId }` (the server creates the PayPal order). */
export function action({ request, context }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    const { amount } = parseInput(ZCreateTopupInput, await readJsonBody(request))
    return startTopup(
      db,
      getProviders(),
      { userId: user.id, ip: clientIpOf(context) },
      { purpose: 'virtfusion_tokens', amountCents: amount },
    )
  })
}
