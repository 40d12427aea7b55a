import { db } from '#app/lib/db.server.ts'
import {
  provisionService,
  ZProvisionServiceBody,
  ZServiceId,
} from '#app/lib/provisioning.server.ts'
import { adminRestHandler, bodyOf, parseInput } from '#app/lib/rest.server.ts'

/**
 * POST /api/admin/provisioning/:serviceId, JSON `{ hostname, ipAddress, notes?, reason }`: the
 * pending service becomes active with what was assigned (409 when it is not pending).
 */
export const action = adminRestHandler(['POST'], async (admin, { request, params }) =>
  provisionService(db, {
    ...(await bodyOf(request, ZProvisionServiceBody)),
    serviceId: parseInput(ZServiceId, params.serviceId),
    adminUserId: admin.id,
  }),
)
