import { db } from '#app/lib/db.server.ts'
import { parseInput, restHandler } from '#app/lib/rest.server.ts'
import { getService, ZServiceLookup } from '#app/lib/service-engine.server.ts'

/** GET /api/services/:serviceId: one of the caller's services (another's is 404). */
export const loader = restHandler({ methods: ['GET'] }, (user, { params }) => {
  const { serviceId } = parseInput(ZServiceLookup, { serviceId: params.serviceId })
  return getService(db, serviceId, user.id)
})
