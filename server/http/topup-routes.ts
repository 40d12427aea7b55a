import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#db/client.ts'
import type { Topup } from '#db/schema/index.ts'
import { publicOrigin } from '#server/auth/origin.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { parseInput } from '#server/lib/validation.ts'
import { ZCaptureTopupInput, ZCreateTopupInput } from '#server/services/payments/schemas.ts'
import { finishTopup, startTopup } from '#server/services/payments/topup-checkout.ts'
import { clientIpOf } from './load-context.ts'
import { handleRest, readJsonBody } from './respond.ts'
import { methodNotAllowed, requireApiUser } from './rest-auth.ts'

/**
 * The REST top-up routes of one balance (the tRPC ones are in server/trpc/routers/topup-checkout-procedures.ts):
 * `POST …/orders { amount }` → `{ orderId, amount, tokens }` (the amount recorded for the order),
 * and `POST …/add { orderId }`, which captures the caller's own order at PayPal and verifies it
 * (any amount, status or "verification" sent is ignored).
 */
export function topupRouteActions(purpose: Topup['purpose']) {
  return {
    createOrder: ({ request, context }: ActionFunctionArgs) =>
      handleRest(async () => {
        if (request.method !== 'POST') methodNotAllowed(['POST'])
        const user = await requireApiUser(request)
        const { amount } = parseInput(ZCreateTopupInput, await readJsonBody(request))
        return startTopup(
          db,
          getProviders(),
          { userId: user.id, ip: clientIpOf(context) },
          { purpose, amountCents: amount, siteOrigin: publicOrigin(request) },
        )
      }),
    capture: ({ request, context }: ActionFunctionArgs) =>
      handleRest(async () => {
        if (request.method !== 'POST') methodNotAllowed(['POST'])
        const user = await requireApiUser(request)
        const { orderId } = parseInput(ZCaptureTopupInput, await readJsonBody(request))
        return finishTopup(
          db,
          getProviders(),
          { userId: user.id, ip: clientIpOf(context) },
          { purpose, orderId },
        )
      }),
  }
}
