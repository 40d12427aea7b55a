import { eq } from 'drizzle-orm'
import type { Tx } from '#db/client.ts'
import {
  products,
  serviceEvents,
  services,
  users,
  type ServiceEventType,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { provisionerFor } from './provisioners.ts'

export { provisionerFor } from './provisioners.ts'

/**
 * What a provisioner receives (docs/provisioning-webhooks.md). Built when the event is written,
 * so a redelivery days later still says what was true at the change.
 */
export type ServiceEventPayload = {
  eventId: string
  type: ServiceEventType
  occurredAt: string
  service: {
    id: number
    family: string
    status: string
    productId: number
    productSlug: string
    productName: string
    cycle: string
    currentPeriodStart: string
    currentPeriodEnd: string
    limits: Record<string, unknown>
    hostname: string | null
    ipAddress: string | null
  }
  user: { id: number; email: string; name: string }
  details: Record<string, unknown>
}

/**
 * Writes one lifecycle event to the provisioning outbox inside the caller's transaction, so it
 * exists exactly when the change (and its money) committed. Call it after the service row has
 * its new state. Events of a webhook family wait for delivery ('pending'); others are kept as
 * the service's history ('not_needed').
 */
export async function recordServiceEvent(
  tx: Tx,
  input: { serviceId: number; type: ServiceEventType; details?: Record<string, unknown> },
): Promise<{ eventId: string }> {
  const [row] = await tx
    .select({
      service: services,
      product: { slug: products.slug, name: products.name, limits: products.limits },
      user: { id: users.id, email: users.email, name: users.name },
    })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .innerJoin(users, eq(users.id, services.userId))
    .where(eq(services.id, input.serviceId))
  if (!row) throw new AppError('NOT_FOUND', `Service ${input.serviceId} not found.`)
  const { service, product, user } = row
  const eventId = crypto.randomUUID()
  const occurredAt = new Date()
  const payload: ServiceEventPayload = {
    eventId,
    type: input.type,
    occurredAt: occurredAt.toISOString(),
    service: {
      id: service.id,
      family: service.family,
      status: service.status,
      productId: service.productId,
      productSlug: product.slug,
      productName: product.name,
      cycle: service.cycle,
      currentPeriodStart: service.currentPeriodStart.toISOString(),
      currentPeriodEnd: service.currentPeriodEnd.toISOString(),
      limits: product.limits,
      hostname: service.hostname,
      ipAddress: service.ipAddress,
    },
    user,
    details: input.details ?? {},
  }
  await tx.insert(serviceEvents).values({
    eventId,
    serviceId: service.id,
    family: service.family,
    type: input.type,
    payload,
    deliveryState: provisionerFor(service.family) === 'webhook' ? 'pending' : 'not_needed',
    createdAt: occurredAt,
    nextAttemptAt: occurredAt,
  })
  return { eventId }
}
