import { db, readDb } from '#app/lib/db.server.ts'
import { bodyOf, parseInput, restHandler } from '#app/lib/rest.server.ts'
import {
  addTokensByAdmin,
  getAdminVirtFusionOverview,
  getProviders,
  ZAdminTokenGrantBody,
  ZUserId,
} from '#app/lib/services.server.ts'

/** GET /api/admin/users/:id/virtfusion-tokens: link, live balance and our token entries. */
export const loader = restHandler({ methods: ['GET'], as: 'admin' }, (_admin, { params }) =>
  getAdminVirtFusionOverview(db, getProviders(), parseInput(ZUserId, params.userId), readDb),
)

/** POST grants tokens; JSON body `{ tokens, reason, idempotencyKey? }`. */
export const action = restHandler(
  { methods: ['POST'], as: 'admin' },
  async (admin, { request, params }) =>
    addTokensByAdmin(db, getProviders(), {
      ...(await bodyOf(request, ZAdminTokenGrantBody)),
      userId: parseInput(ZUserId, params.userId),
      adminId: admin.id,
    }),
)
