import { topupRouteActions } from '#app/lib/rest.server.ts'

/** POST /api/billing/virtfusion-tokens/orders `{ amount }` → `{ orderId }` (the server creates the PayPal order). */
export const action = topupRouteActions('virtfusion_tokens').createOrder
