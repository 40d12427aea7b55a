import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { serviceEventDeliveries, serviceEvents } from '#db/schema/index.ts'
import type { ListDeliveriesInput, ListServiceEventsInput } from './schemas.ts'

/** The outbox for admins, newest first (keyset by id), by family, delivery state or service. */
export async function listServiceEvents(db: DbOrTx, input: ListServiceEventsInput) {
  const conditions: SQL[] = []
  if (input.family) conditions.push(eq(serviceEvents.family, input.family))
  if (input.state) conditions.push(eq(serviceEvents.deliveryState, input.state))
  if (input.serviceId) conditions.push(eq(serviceEvents.serviceId, input.serviceId))
  if (input.cursor) conditions.push(lt(serviceEvents.id, input.cursor))
  const rows = await db
    .select()
    .from(serviceEvents)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(serviceEvents.id))
    .limit(input.limit + 1)
  const items = rows.slice(0, input.limit)
  return {
    items,
    nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null,
  }
}

/** Every webhook attempt, newest first, with the event it carried. */
export async function listEventDeliveries(db: DbOrTx, input: ListDeliveriesInput) {
  const conditions: SQL[] = []
  if (input.eventId) conditions.push(eq(serviceEvents.eventId, input.eventId))
  if (input.serviceId) conditions.push(eq(serviceEvents.serviceId, input.serviceId))
  if (input.family) conditions.push(eq(serviceEvents.family, input.family))
  if (input.cursor) conditions.push(lt(serviceEventDeliveries.id, input.cursor))
  const rows = await db
    .select({
      delivery: serviceEventDeliveries,
      event: {
        eventId: serviceEvents.eventId,
        serviceId: serviceEvents.serviceId,
        family: serviceEvents.family,
        type: serviceEvents.type,
        deliveryState: serviceEvents.deliveryState,
      },
    })
    .from(serviceEventDeliveries)
    .innerJoin(serviceEvents, eq(serviceEvents.id, serviceEventDeliveries.serviceEventId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(serviceEventDeliveries.id))
    .limit(input.limit + 1)
  const items = rows.slice(0, input.limit).map(({ delivery, event }) => ({ ...delivery, event }))
  return {
    items,
    nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null,
  }
}
