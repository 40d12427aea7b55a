import { db } from '#app/lib/db.server.ts'
import { bodyOf, restHandler } from '#app/lib/rest.server.ts'
import { changePlan, ZChangePlanInput } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/change `{ planId, quote? }`: upgrade now (prorated) or downgrade at period end. */
export const action = restHandler({ methods: ['POST'] }, async (user, { request }) =>
  changePlan(db, { userId: user.id, ...(await bodyOf(request, ZChangePlanInput)) }),
)
