import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { serviceEvents, services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { deliverNext, type DeliveryOptions, type DeliveryResult } from './deliver-due-events.ts'
import { requestEventDelivery } from './request-event-delivery.ts'

/**
 * An admin's "send it again": the event is pending and due now (audited), then one attempt is
 * made at once and logged under the admin's name. The receiver gets the same event id, so a
 * receiver that already had it ignores it. `attempted` is null when the attempt could not be
 * made now (an earlier event of the service is still pending, or a worker is sending it): the
 * worker delivers it in turn. A failed event whose three days are over goes back to failed
 * when this attempt fails too.
 */
export async function redeliverEvent(
  db: Db,
  input: { eventId: string; adminUserId: number; reason: string },
  options: DeliveryOptions = {},
): Promise<{ eventId: string; attempted: DeliveryResult | null }> {
  const event = await db.transaction(async (tx) => {
    // Waits while a worker is sending this event (it holds the row), never sends alongside it.
    const [row] = await tx
      .select({
        id: serviceEvents.id,
        state: serviceEvents.deliveryState,
        serviceId: serviceEvents.serviceId,
        userId: services.userId,
      })
      .from(serviceEvents)
      .innerJoin(services, eq(services.id, serviceEvents.serviceId))
      .where(eq(serviceEvents.eventId, input.eventId))
      .for('update', { of: serviceEvents })
    if (!row) throw new AppError('NOT_FOUND', `Event ${input.eventId} not found.`)
    if (row.state === 'not_needed')
      throw new AppError(
        'CONFLICT',
        `Event ${input.eventId} is not delivered anywhere: its family is not provisioned by webhook.`,
      )
    await tx
      .update(serviceEvents)
      .set({ deliveryState: 'pending', nextAttemptAt: options.now ?? new Date() })
      .where(eq(serviceEvents.id, row.id))
    await recordAdminAction(tx, {
      adminUserId: input.adminUserId,
      targetUserId: row.userId,
      action: 'service_event.redeliver',
      subject: `service:${row.serviceId}`,
      reason: input.reason,
      details: { eventId: input.eventId, previousState: row.state },
    })
    return row
  })
  const attempted = await deliverNext(db, options, {
    serviceEventId: event.id,
    requestedBy: input.adminUserId,
  })
  if (attempted === null) await requestEventDelivery()
  return { eventId: input.eventId, attempted }
}
