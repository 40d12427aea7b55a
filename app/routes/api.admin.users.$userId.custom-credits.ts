import { db, readDb } from '#app/lib/db.server.ts'
import { adminRestHandler, bodyOf, parseInput, queryOf } from '#app/lib/rest.server.ts'
import {
  adjustCreditsByAdmin,
  getAdminCreditOverview,
  ZAdminAdjustmentBody,
  ZTransactionsQuery,
  ZUserId,
} from '#app/lib/services.server.ts'

/** GET /api/admin/users/:id/custom-credits: balance and history with the acting admins' names. */
export const loader = adminRestHandler(['GET'], (_admin, { request, params }) =>
  getAdminCreditOverview(
    db,
    parseInput(ZUserId, params.userId),
    queryOf(request, ZTransactionsQuery),
    readDb,
  ),
)

/** POST adds, DELETE removes; JSON body `{ amount, reason, idempotencyKey? }`. */
export const action = adminRestHandler(['POST', 'DELETE'], async (admin, { request, params }) =>
  adjustCreditsByAdmin(db, {
    ...(await bodyOf(request, ZAdminAdjustmentBody)),
    userId: parseInput(ZUserId, params.userId),
    direction: request.method === 'POST' ? 'add' : 'remove',
    admin,
  }),
)
