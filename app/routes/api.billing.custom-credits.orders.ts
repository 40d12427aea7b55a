import { topupRouteActions } from '#app/lib/rest.server.ts'

/** POST /api/billing/custom-credits/orders `{ amount }` → `{ orderId }` (the server creates the PayPal order). */
export const action = topupRouteActions('custom_credits').createOrder
