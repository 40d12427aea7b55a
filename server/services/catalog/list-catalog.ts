import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import {
  LIVE_SERVICE_STATUSES,
  productPrices,
  products,
  services,
  type ProductFamily,
  type ProductPrice,
} from '#db/schema/services.ts'
import { AppError } from '#server/errors.ts'
import { toProductView, type ProductView } from './views.ts'

type PriceRow = Pick<ProductPrice, 'productId' | 'cycle' | 'priceCents'>

async function pricesOf(db: DbOrTx, productIds: number[]): Promise<Map<number, PriceRow[]>> {
  const byProduct = new Map<number, PriceRow[]>()
  if (productIds.length === 0) return byProduct
  const rows = await db
    .select({
      productId: productPrices.productId,
      cycle: productPrices.cycle,
      priceCents: productPrices.priceCents,
    })
    .from(productPrices)
    .where(inArray(productPrices.productId, productIds))
  for (const row of rows)
    byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), row])
  return byProduct
}

/**
 * The catalog: what customers may order (active products), or, for admins, every product but
 * the hidden and retired too. In display order, per family.
 */
export async function listCatalog(
  db: DbOrTx,
  options: { family?: ProductFamily | undefined; includeHidden?: boolean | undefined } = {},
): Promise<ProductView[]> {
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        options.family ? eq(products.family, options.family) : undefined,
        options.includeHidden ? undefined : eq(products.visibility, 'active'),
      ),
    )
    .orderBy(asc(products.family), asc(products.displayOrder), asc(products.id))
  const prices = await pricesOf(
    db,
    rows.map((row) => row.id),
  )
  return rows.map((row) => toProductView(row, prices.get(row.id) ?? []))
}

/** One product; hidden and retired ones only for admins (customers get a 404). */
export async function getProduct(
  db: DbOrTx,
  productId: number,
  options: { includeHidden?: boolean } = {},
): Promise<ProductView> {
  const [product] = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.id, productId),
        options.includeHidden ? undefined : eq(products.visibility, 'active'),
      ),
    )
  if (!product) throw new AppError('NOT_FOUND', 'No such product.')
  const prices = await pricesOf(db, [product.id])
  return toProductView(product, prices.get(product.id) ?? [])
}

export type AdminProductView = ProductView & { services: { live: number; total: number } }

/** The admin catalog: every product with how many services it has (live, and ever). */
export async function listCatalogForAdmin(
  db: DbOrTx,
  options: { family?: ProductFamily | undefined } = {},
): Promise<AdminProductView[]> {
  const list = await listCatalog(db, { family: options.family, includeHidden: true })
  const counts = await db
    .select({
      productId: services.productId,
      live: sql<number>`count(*) filter (where ${inArray(services.status, [...LIVE_SERVICE_STATUSES])})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(services)
    .where(options.family ? eq(services.family, options.family) : undefined)
    .groupBy(services.productId)
  const byProduct = new Map(counts.map((row) => [row.productId, row]))
  return list.map((product) => ({
    ...product,
    services: {
      live: byProduct.get(product.id)?.live ?? 0,
      total: byProduct.get(product.id)?.total ?? 0,
    },
  }))
}
