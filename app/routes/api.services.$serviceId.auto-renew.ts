import { db } from '#app/lib/db.server.ts'
import { bodyOf, parseInput, restHandler } from '#app/lib/rest.server.ts'
import { setAutoRenew, ZSetAutoRenewInput } from '#app/lib/service-engine.server.ts'

/** POST /api/services/:serviceId/auto-renew `{ autoRenew }`: the auto-renew toggle. */
export const action = restHandler({ methods: ['POST'] }, async (user, { request, params }) => {
  const body = (await bodyOf(request, ZSetAutoRenewInput.omit({ serviceId: true }))) as object
  return setAutoRenew(db, {
    userId: user.id,
    ...parseInput(ZSetAutoRenewInput, { ...body, serviceId: params.serviceId }),
  })
})
