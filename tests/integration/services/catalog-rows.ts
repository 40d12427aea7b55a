import { db } from '#db/client.ts'
import { services, type BillingCycle, type ServiceStatus } from '#db/schema/services.ts'

/*
 * Services written directly (the order engine is built beside this): what the catalog and
 * entitlements read.
 */

export const SERVER_LIMITS = {
  cpu: 'Intel Xeon E-2388G, 8 cores',
  cores: 8,
  ramGb: 64,
  disks: [{ sizeGb: 960, kind: 'nvme' as const }],
  bandwidthTb: 30,
  location: 'Amsterdam, NL',
}

export async function insertServiceRow(input: {
  userId: number
  productId: number
  family: 'dns' | 'dedicated_server'
  cycle?: BillingCycle
  status?: ServiceStatus
  recurringPriceCents?: number
  hostname?: string
  ipAddress?: string
}) {
  const status = input.status ?? 'active'
  const ended = status === 'cancelled' || status === 'terminated'
  const [service] = await db
    .insert(services)
    .values({
      userId: input.userId,
      productId: input.productId,
      family: input.family,
      cycle: input.cycle ?? 'monthly',
      status,
      currentPeriodStart: new Date('2026-11-15T00:00:00Z'),
      currentPeriodEnd: new Date('2026-12-15T00:00:00Z'),
      anchorDay: 15,
      pricePaidCents: input.recurringPriceCents ?? 12_900,
      recurringPriceCents: input.recurringPriceCents ?? 12_900,
      hostname: input.hostname ?? null,
      ipAddress: input.ipAddress ?? null,
      endedAt: ended ? new Date('2026-11-20T00:00:00Z') : null,
    })
    .returning()
  return service!
}
