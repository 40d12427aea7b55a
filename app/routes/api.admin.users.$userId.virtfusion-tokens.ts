import { db, readDb } from '#app/lib/db.server.ts'
import { adminRestHandler, bodyOf, parseInput } from '#app/lib/rest.server.ts'
import {
  addTokensByAdmin,
  getAdminVirtFusionOverview,
  getProviders,
  ZAdminTokenGrantBody,
  ZUserId,
} from '#app/lib/services.server.ts'

/** GET /api/admin/users/:id/virtfusion-tokens: link, live balance and our token entries. */
export const loader = adminRestHandler(['GET'], (_admin, { params }) =>
  getAdminVirtFusionOverview(db, getProviders(), parseInput(ZUserId, params.userId), readDb),
)

/** POST grants tokens; JSON body `{ tokens, reason, idempotencyKey? }`. */
export const action = adminRestHandler(['POST'], async (admin, { request, params }) =>
  addTokensByAdmin(db, getProviders(), {
    ...(await bodyOf(request, ZAdminTokenGrantBody)),
    userId: parseInput(ZUserId, params.userId),
    adminId: admin.id,
  }),
)
