import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import {
  productPrices,
  products,
  services,
  type BillingCycle,
  type ProductFamily,
  type Service,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { lifecycleDays, LIVE_STATUSES } from './lifecycle.ts'
import { toServiceView, type PricedProduct, type ServiceView } from './views.ts'

/** Products with their prices per cycle (one query each way, whatever the count). */
export async function loadProducts(
  db: DbOrTx,
  where: { ids?: number[]; family?: ProductFamily; orderableOnly?: boolean } = {},
): Promise<PricedProduct[]> {
  if (where.ids && where.ids.length === 0) return []
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        where.ids ? inArray(products.id, where.ids) : undefined,
        where.family ? eq(products.family, where.family) : undefined,
        where.orderableOnly ? eq(products.visibility, 'active') : undefined,
      ),
    )
    .orderBy(asc(products.displayOrder), asc(products.id))
  if (rows.length === 0) return []
  const prices = await db
    .select()
    .from(productPrices)
    .where(
      inArray(
        productPrices.productId,
        rows.map((p) => p.id),
      ),
    )
  return rows.map((product) => ({
    ...product,
    prices: Object.fromEntries(
      prices.filter((p) => p.productId === product.id).map((p) => [p.cycle, p.priceCents]),
    ),
  }))
}

export async function getProduct(
  db: DbOrTx,
  productId: number,
  options: { family?: ProductFamily; orderableOnly?: boolean; notFound?: string } = {},
): Promise<PricedProduct> {
  const [product] = await loadProducts(db, { ids: [productId], ...options })
  if (!product) throw new AppError('NOT_FOUND', options.notFound ?? 'No such product.')
  return product
}

/** The product's exact price for a cycle; a cycle it is not sold in is a 400. */
export function priceOf(product: PricedProduct, cycle: BillingCycle): number {
  const cents = product.prices[cycle]
  if (cents === undefined)
    throw new AppError('VALIDATION_FAILED', `${product.name} is not sold ${cycle}.`, {
      fields: { cycle: [`Not offered for ${product.name}`] },
    })
  return cents
}

export async function toViews(db: DbOrTx, rows: Service[]): Promise<ServiceView[]> {
  const ids = [
    ...new Set(
      rows.flatMap((s) => [s.productId, ...(s.scheduledProductId ? [s.scheduledProductId] : [])]),
    ),
  ]
  const byId = new Map((await loadProducts(db, { ids })).map((p) => [p.id, p]))
  return rows.map((s) =>
    toServiceView(
      s,
      byId.get(s.productId)!,
      s.scheduledProductId ? byId.get(s.scheduledProductId)! : null,
      lifecycleDays(s.family),
    ),
  )
}

/** The user's services, newest first (ended ones included, to show how they ended). */
export async function listMyServices(
  db: DbOrTx,
  userId: number,
  options: { family?: ProductFamily; liveOnly?: boolean; limit?: number } = {},
): Promise<ServiceView[]> {
  const rows = await db
    .select()
    .from(services)
    .where(
      and(
        eq(services.userId, userId),
        options.family ? eq(services.family, options.family) : undefined,
        options.liveOnly ? inArray(services.status, [...LIVE_STATUSES]) : undefined,
      ),
    )
    .orderBy(desc(services.id))
    .limit(options.limit ?? 200)
  return toViews(db, rows)
}

/** One service; with `userId`, only if it is that user's (someone else's is a plain 404). */
export async function getService(
  db: DbOrTx,
  serviceId: number,
  userId?: number,
): Promise<ServiceView> {
  const [row] = await db
    .select()
    .from(services)
    .where(
      and(
        eq(services.id, serviceId),
        userId === undefined ? undefined : eq(services.userId, userId),
      ),
    )
  if (!row) throw new AppError('NOT_FOUND', 'No such service.')
  return (await toViews(db, [row]))[0]!
}
