import { db } from '#app/lib/db.server.ts'
import { parseInput, restHandler } from '#app/lib/rest.server.ts'
import { resumeService, ZServiceLookup } from '#app/lib/service-engine.server.ts'

/** POST /api/services/:serviceId/resume: undoes a cancel; pays a past-due or suspended one now. */
export const action = restHandler({ methods: ['POST'] }, (user, { params }) =>
  resumeService(db, {
    userId: user.id,
    ...parseInput(ZServiceLookup, { serviceId: params.serviceId }),
  }),
)
