import { topupRouteActions } from '#app/lib/rest.server.ts'

/** POST /api/billing/virtfusion-tokens/add `{ orderId }`: the server captures and verifies the caller's own order. */
export const action = topupRouteActions('virtfusion_tokens').capture
