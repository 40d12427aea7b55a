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
import { finishTopup, getProviders, ZCaptureTopupInput } from '#app/lib/services.server.ts'

/**
 * POST /api/billing/custom-credits/add `{ orderId }`: the server captures the caller's own order at
 * PayPal and verifies it. Any amount, status or "verification" in the body is ignored.
 */
export function action({ request, context }: ActionFunctionArgs) {
  return handleRest(async () => {
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const user = await requireApiUser(request)
    const { orderId } = parseInput(ZCaptureTopupInput, await readJsonBody(request))
    return finishTopup(
      db,
      getProviders(),
      { userId: user.id, ip: clientIpOf(context) },
      { purpose: 'custom_credits', orderId },
    )
  })
}
