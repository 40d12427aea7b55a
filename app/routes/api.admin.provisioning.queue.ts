import { db } from '#app/lib/db.server.ts'
import { listProvisioningQueue, ZProvisioningQueueInput } from '#app/lib/provisioning.server.ts'
import { adminRestHandler, queryOf } from '#app/lib/rest.server.ts'

/** GET /api/admin/provisioning/queue?limit=: services waiting for an admin to provision them, oldest first. */
export const loader = adminRestHandler(['GET'], (_admin, { request }) =>
  listProvisioningQueue(db, queryOf(request, ZProvisioningQueueInput)),
)
