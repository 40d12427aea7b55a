import { db } from '#app/lib/db.server.ts'
import { bodyOf, parseInput, restHandler } from '#app/lib/rest.server.ts'
import { changeService, ZChangeServiceInput } from '#app/lib/service-engine.server.ts'

/** POST /api/services/:serviceId/change `{ productId, cycle?, quote? }`: upgrade now or schedule. */
export const action = restHandler({ methods: ['POST'] }, async (user, { request, params }) => {
  const body = (await bodyOf(request, ZChangeServiceInput.omit({ serviceId: true }))) as object
  const input = parseInput(ZChangeServiceInput, { ...body, serviceId: params.serviceId })
  return changeService(db, { userId: user.id, ...input })
})
