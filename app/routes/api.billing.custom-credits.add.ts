import { topupRouteActions } from '#app/lib/rest.server.ts'

/** POST /api/billing/custom-credits/add `{ orderId }`: the server captures and verifies the caller's own order. */
export const action = topupRouteActions('custom_credits').capture
