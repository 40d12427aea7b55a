import { db } from '#app/lib/db.server.ts'
import { bodyOf, restHandler } from '#app/lib/rest.server.ts'
import { purchasePlan, ZPurchasePlanInput } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/purchase `{ planId, idempotencyKey? }`: buy a plan from custom credits. */
export const action = restHandler({ methods: ['POST'] }, async (user, { request }) =>
  purchasePlan(db, { userId: user.id, ...(await bodyOf(request, ZPurchasePlanInput)) }),
)
