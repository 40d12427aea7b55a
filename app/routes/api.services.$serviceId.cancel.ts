import { db } from '#app/lib/db.server.ts'
import { parseInput, restHandler } from '#app/lib/rest.server.ts'
import { cancelService, ZServiceLookup } from '#app/lib/service-engine.server.ts'

/** POST /api/services/:serviceId/cancel: runs to the period end, then ends. */
export const action = restHandler({ methods: ['POST'] }, (user, { params }) =>
  cancelService(db, {
    userId: user.id,
    ...parseInput(ZServiceLookup, { serviceId: params.serviceId }),
  }),
)
