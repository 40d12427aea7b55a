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
  addTokensByAdmin,
  getAdminVirtFusionOverview,
  getProviders,
  ZAdminTokenGrantBody,
  ZUserId,
} from '#app/lib/services.server.ts'

/** GET /api/admin/users/:id/virtfusion-tokens: link, live balance and our token entries. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return handleRest(async () => {
    await requireApiAdmin(request)
    const userId = parseInput(ZUserId, params.userId)
    return getAdminVirtFusionOverview(db, getProviders(), userId, readDb)
  })
}

/** POST grants tokens; JSON body `{ tokens, reason, idempotencyKey? }`. */
export function action({ request, params }: ActionFunctionArgs) {
  return handleRest(async () => {
    const admin = await requireApiAdmin(request)
    if (request.method !== 'POST') methodNotAllowed(['POST'])
    const userId = parseInput(ZUserId, params.userId)
    const body = parseInput(ZAdminTokenGrantBody, await readJsonBody(request))
    return addTokensByAdmin(db, getProviders(), { ...body, userId, adminId: admin.id })
  })
}
