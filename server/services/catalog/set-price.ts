import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import {
  LIVE_SERVICE_STATUSES,
  productPrices,
  products,
  services,
  type BillingCycle,
} from '#db/schema/services.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { notify } from '#server/services/notifications/notify.ts'
import type { CatalogActor } from './audited-fields.ts'
import { getProduct } from './list-catalog.ts'
import type { ProductView } from './views.ts'

const PER_CYCLE: Record<BillingCycle, string> = {
  monthly: 'a month',
  quarterly: 'a quarter',
  yearly: 'a year',
}

export type SetPriceResult = {
  product: ProductView
  /** Live services on this product and cycle told about the new price (it applies at their next renewal). */
  announced: number
}

/**
 * Sets (or adds) a product's price for one cycle. New orders pay it at once; a live service
 * keeps the price it locked at purchase for its current period, and is told, in the same
 * transaction, the price that its next renewal charges (services.next_recurring_price_cents,
 * applied by the renewal engine). A service whose locked price already is the new one has
 * nothing pending any more.
 */
export async function setPrice(
  db: Db,
  input: { productId: number; cycle: BillingCycle; priceCents: number },
  actor: CatalogActor,
): Promise<SetPriceResult> {
  const { productId, cycle, priceCents } = input
  const announced = await db.transaction(async (tx) => {
    const [product] = await tx
      .select({ name: products.name })
      .from(products)
      .where(eq(products.id, productId))
      .for('update')
    if (!product) throw new AppError('NOT_FOUND', 'No such product.')
    const [before] = await tx
      .select({ priceCents: productPrices.priceCents })
      .from(productPrices)
      .where(and(eq(productPrices.productId, productId), eq(productPrices.cycle, cycle)))
    if (before?.priceCents === priceCents) return 0
    await tx
      .insert(productPrices)
      .values({ productId, cycle, priceCents })
      .onConflictDoUpdate({
        target: [productPrices.productId, productPrices.cycle],
        set: { priceCents, updatedAt: sql`now()` },
      })

    const onThisPrice = and(
      eq(services.productId, productId),
      eq(services.cycle, cycle),
      inArray(services.status, [...LIVE_SERVICE_STATUSES]),
    )
    // Back to the price they locked: no change is pending for them any more.
    await tx
      .update(services)
      .set({ nextRecurringPriceCents: null, updatedAt: sql`now()` })
      .where(and(onThisPrice, eq(services.recurringPriceCents, priceCents)))
    const changed = await tx
      .update(services)
      .set({ nextRecurringPriceCents: priceCents, updatedAt: sql`now()` })
      .where(and(onThisPrice, sql`${services.recurringPriceCents} <> ${priceCents}`))
      .returning({
        id: services.id,
        userId: services.userId,
        recurringPriceCents: services.recurringPriceCents,
        currentPeriodEnd: services.currentPeriodEnd,
      })
    changed.sort((a, b) => a.id - b.id)
    for (const service of changed) {
      const renewal = service.currentPeriodEnd.toISOString().slice(0, 10)
      await notify(tx, {
        userId: service.userId,
        kind: 'service_price_change',
        title: `New price for ${product.name}`,
        body:
          `From your next renewal on ${renewal}, ${product.name} costs ` +
          `${formatCents(priceCents)} ${PER_CYCLE[cycle]} instead of ` +
          `${formatCents(service.recurringPriceCents)}. Until then nothing changes.`,
        link: '/services',
        dedupeKey: `service-price:${service.id}:${priceCents}`,
      })
    }
    await recordAdminAction(tx, {
      adminUserId: actor.adminUserId,
      targetUserId: null,
      action: 'product.set_price',
      subject: `product:${productId}`,
      reason: actor.reason,
      details: {
        cycle,
        from: { priceCents: before?.priceCents ?? null },
        to: { priceCents },
        announcedTo: changed.map((service) => service.id),
      },
    })
    return changed.length
  })
  return { product: await getProduct(db, productId, { includeHidden: true }), announced }
}
