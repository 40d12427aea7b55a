import { db } from '#app/lib/db.server.ts'
import { restHandler } from '#app/lib/rest.server.ts'
import { cancelPlan } from '#app/lib/services.server.ts'

/** POST /api/dns-plans/cancel : auto-renew off; the plan runs to the period end. */
export const action = restHandler({ methods: ['POST'] }, (user) => cancelPlan(db, user.id))
