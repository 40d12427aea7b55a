import { db } from '#app/lib/db.server.ts'
import { handleRest } from '#app/lib/rest.server.ts'
import { listPlans } from '#app/lib/services.server.ts'

/** GET /api/dns-plans: the active plans (public). */
export function loader() {
  return handleRest(() => listPlans(db))
}
