import type { ActionFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, requireApiUser } from '#app/lib/rest.server.ts'
import { approveSimulatedOrder } from '#app/lib/offline.server.ts'

/** Offline mode only (404 otherwise): the simulated buyer approves their own order at "PayPal". */
export function action({ request, params }: ActionFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    return approveSimulatedOrder(db, { userId: user.id, orderId: params.orderId ?? '' })
  })
}
