import { db } from '#app/lib/db.server.ts'
import { bodyOf, restHandler } from '#app/lib/rest.server.ts'
import { orderService, ZOrderServiceInput } from '#app/lib/service-engine.server.ts'

/** POST /api/services/order `{ productId, cycle, idempotencyKey? }`: order and pay from credits. */
export const action = restHandler({ methods: ['POST'] }, async (user, { request }) =>
  orderService(db, { userId: user.id, ...(await bodyOf(request, ZOrderServiceInput)) }),
)
