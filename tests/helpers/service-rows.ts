import { randomUUID } from 'node:crypto'
import { db } from '#db/client.ts'
import {
  products,
  services,
  type ProductFamily,
  type ServiceEventType,
  type ServiceStatus,
} from '#db/schema/index.ts'
import { recordServiceEvent } from '#server/services/provisioning/record-service-event.ts'

/*
 * Catalog and service rows written directly, for tests of code that reads them (provisioning)
 * without going through the order flow.
 */

const LIMITS: Record<ProductFamily, Record<string, unknown>> = {
  dns: { maxDomains: 5, maxRecords: 100 },
  dedicated_server: {
    cpu: 'Xeon E-2388G, 8 cores',
    cores: 8,
    ramGb: 64,
    disks: [{ sizeGb: 960, kind: 'nvme' }],
    bandwidthTb: 20,
    location: 'Frankfurt',
  },
}

export async function insertProduct(family: ProductFamily, name?: string) {
  const suffix = randomUUID().slice(0, 8)
  const [product] = await db
    .insert(products)
    .values({
      family,
      slug: `test-${suffix}`,
      name: name ?? `Test ${family} ${suffix}`,
      limits: LIMITS[family],
    })
    .returning()
  return product!
}

export async function insertService(input: {
  userId: number
  product: { id: number; family: ProductFamily }
  status?: ServiceStatus
  createdAt?: Date
}) {
  const start = new Date(Date.UTC(2026, 10, 1))
  const [service] = await db
    .insert(services)
    .values({
      userId: input.userId,
      productId: input.product.id,
      family: input.product.family,
      cycle: 'monthly',
      status: input.status ?? 'active',
      currentPeriodStart: start,
      currentPeriodEnd: new Date(Date.UTC(2026, 11, 1)),
      anchorDay: 1,
      pricePaidCents: 1500,
      recurringPriceCents: 1500,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning()
  return service!
}

/** One outbox event, written the way the lifecycle writes it (in its own transaction here). */
export async function recordEvent(
  serviceId: number,
  type: ServiceEventType,
  details?: Record<string, unknown>,
): Promise<string> {
  const { eventId } = await db.transaction((tx) =>
    recordServiceEvent(tx, { serviceId, type, details }),
  )
  return eventId
}
