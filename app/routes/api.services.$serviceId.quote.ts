import { db } from '#app/lib/db.server.ts'
import { parseInput, queryOf, restHandler } from '#app/lib/rest.server.ts'
import { previewServiceChange, ZQuoteServiceChangeInput } from '#app/lib/service-engine.server.ts'

/** GET /api/services/:serviceId/quote?productId=&cycle=: what a change costs now, with its quote. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request, params }) => {
  const query = queryOf(request, ZQuoteServiceChangeInput.omit({ serviceId: true }))
  const input = parseInput(ZQuoteServiceChangeInput, { ...query, serviceId: params.serviceId })
  return previewServiceChange(db, { userId: user.id, ...input })
})
