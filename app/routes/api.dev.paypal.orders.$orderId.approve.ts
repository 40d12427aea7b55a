import type { ActionFunctionArgs } from '@remix-run/node'
import { handleRest, requireApiUser } from '#app/lib/rest.server.ts'
import { approveSimulatedOrder } from '#app/lib/offline.server.ts'

/** Offline mode only (404 otherwise): the simulated buyer approves the order at "PayPal". */
export function action({ request, params }: ActionFunctionArgs) {
  return handleRest(async () => {
    await requireApiUser(request)
    return approveSimulatedOrder(params.orderId ?? '')
  })
}
