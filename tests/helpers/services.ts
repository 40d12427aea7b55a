import { and, asc, eq, inArray } from 'drizzle-orm'
import { db } from '#db/client.ts'
import {
  productPrices,
  products,
  serviceCharges,
  serviceEvents,
  services,
  type BillingCycle,
} from '#db/schema/index.ts'

/**
 * Shared plumbing for the services engine's integration tests (tests/integration/services):
 * catalog products written directly, and readers for the rows an order or renewal writes.
 */

let serial = 0

/** A dedicated-server product with exact prices per cycle and a setup fee. */
export async function dedicatedServerProduct(
  prices: Partial<Record<BillingCycle, number>>,
  setupFeeCents = 0,
): Promise<number> {
  serial++
  const slug = `box-${process.pid}-${Date.now()}-${serial}`
  const [product] = await db
    .insert(products)
    .values({
      family: 'dedicated_server',
      slug,
      name: `Box ${serial} ${slug.slice(-6)}`,
      description: 'A test server',
      limits: {
        cpu: 'Xeon E-2388G, 8 cores',
        cores: 8,
        ramGb: 64,
        disks: [{ sizeGb: 960, kind: 'nvme' }],
        bandwidthTb: 20,
        location: 'Frankfurt',
      },
      setupFeeCents,
    })
    .returning({ id: products.id })
  await db.insert(productPrices).values(
    Object.entries(prices).map(([cycle, priceCents]) => ({
      productId: product!.id,
      cycle: cycle as BillingCycle,
      priceCents: priceCents,
    })),
  )
  return product!.id
}

export async function serviceRow(serviceId: number) {
  const [row] = await db.select().from(services).where(eq(services.id, serviceId))
  return row!
}

export async function chargesOfService(serviceId: number) {
  return db
    .select()
    .from(serviceCharges)
    .where(eq(serviceCharges.serviceId, serviceId))
    .orderBy(asc(serviceCharges.periodStart), asc(serviceCharges.id))
}

export async function eventsOf(serviceId: number) {
  return db
    .select()
    .from(serviceEvents)
    .where(eq(serviceEvents.serviceId, serviceId))
    .orderBy(asc(serviceEvents.id))
}

/** Marks a pending (manually provisioned) service active, as the admin's provisioning does. */
export async function markProvisioned(serviceId: number): Promise<void> {
  await db
    .update(services)
    .set({ status: 'active', provisionedAt: new Date(), hostname: 'box.example.test' })
    .where(and(eq(services.id, serviceId), eq(services.status, 'pending')))
}

/** Ends every live service (of every family) so runRenewals in the next test sees only its own. */
export async function endAllLiveServices(): Promise<void> {
  await db
    .update(services)
    .set({ status: 'terminated', autoRenew: false, endedAt: new Date() })
    .where(inArray(services.status, ['pending', 'active', 'past_due', 'suspended']))
}
