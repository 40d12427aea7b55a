import { db } from '#app/lib/db.server.ts'
import { queryOf, restHandler } from '#app/lib/rest.server.ts'
import { listMyServices, ZMyServicesInput } from '#app/lib/service-engine.server.ts'

/** GET /api/services[?family=dns]: the caller's services, newest first (read scope). */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) => {
  const { family } = queryOf(request, ZMyServicesInput)
  return listMyServices(db, user.id, family ? { family } : {})
})
