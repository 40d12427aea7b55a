import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { db, readDb } from '#app/lib/db.server.ts'
import {
  handleRest,
  methodNotAllowed,
  parseInput,
  readJsonBody,
  requireApiAdmin,
} from '#app/lib/rest.server.ts'
import {
  adjustCreditsByAdmin,
  getAdminCreditOverview,
  searchParamsToObject,
  ZAdminAdjustmentBody,
  ZTransactionsQuery,
  ZUserId,
} from '#app/lib/services.server.ts'

/** GET /api/admin/users/:id/custom-credits: balance and history with the acting admins' names. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return handleRest(async () => {
    await requireApiAdmin(request)
    const userId = parseInput(ZUserId, params.userId)
    const query = parseInput(
      ZTransactionsQuery,
      searchParamsToObject(new URL(request.url).searchParams),
    )
    return getAdminCreditOverview(db, userId, query, readDb)
  })
}

/** POST adds, DELETE removes; JSON body `{ amount, reason, idempotencyKey? }`. */
export function action({ request, params }: ActionFunctionArgs) {
  return handleRest(async () => {
    const admin = await requireApiAdmin(request)
    const direction =
      request.method === 'POST'
        ? 'add'
        : request.method === 'DELETE'
          ? 'remove'
          : methodNotAllowed(['POST', 'DELETE'])
    const userId = parseInput(ZUserId, params.userId)
    const body = parseInput(ZAdminAdjustmentBody, await readJsonBody(request))
    return adjustCreditsByAdmin(db, { ...body, userId, direction, admin })
  })
}
