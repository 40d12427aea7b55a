import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { recordServiceEvent } from './record-service-event.ts'
import { requestEventDelivery } from './request-event-delivery.ts'
import type { ProvisionServiceInput } from './schemas.ts'

/**
 * The manual provisioner's step: an admin records what was assigned (hostname, IP, notes) and
 * the service goes from pending to active, with its 'activated' event and the audit entry, in
 * one transaction. The row lock makes a second call (a double click, two admins) wait and then
 * find the service active: a 409 that names who provisioned it, and nothing changes.
 */
export async function provisionService(
  db: Db,
  input: ProvisionServiceInput & { adminUserId: number },
): Promise<{ serviceId: number; eventId: string; provisionedAt: Date }> {
  const result = await db.transaction(async (tx) => {
    const [service] = await tx
      .select()
      .from(services)
      .where(eq(services.id, input.serviceId))
      .for('update')
    if (!service) throw new AppError('NOT_FOUND', `Service ${input.serviceId} not found.`)
    if (service.provisionedAt)
      throw new AppError(
        'CONFLICT',
        `Service ${service.id} was already provisioned on ${service.provisionedAt.toISOString()} (${service.hostname ?? 'no hostname'}).`,
        { details: { status: service.status, provisionedAt: service.provisionedAt } },
      )
    if (service.status !== 'pending')
      throw new AppError(
        'CONFLICT',
        `Service ${service.id} is ${service.status}, not waiting to be provisioned.`,
        { details: { status: service.status } },
      )
    const provisionedAt = new Date()
    await tx
      .update(services)
      .set({
        status: 'active',
        hostname: input.hostname,
        ipAddress: input.ipAddress,
        provisioningNotes: input.notes === '' ? null : input.notes,
        provisionedAt,
        provisionedBy: input.adminUserId,
        updatedAt: provisionedAt,
      })
      .where(eq(services.id, service.id))
    const { eventId } = await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'activated',
      details: { provisionedBy: 'admin' },
    })
    await recordAdminAction(tx, {
      adminUserId: input.adminUserId,
      targetUserId: service.userId,
      action: 'service.provision',
      subject: `service:${service.id}`,
      reason: input.reason,
      details: { hostname: input.hostname, ipAddress: input.ipAddress, eventId },
    })
    return { serviceId: service.id, eventId, provisionedAt }
  })
  await requestEventDelivery()
  return result
}
