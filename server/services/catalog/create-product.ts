import type { Db } from '#db/client.ts'
import { productPrices, products } from '#db/schema/services.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { auditedFieldsOf, type CatalogActor } from './audited-fields.ts'
import { rethrowDuplicate } from './catalog-errors.ts'
import { parseLimits } from './families.ts'
import { getProduct } from './list-catalog.ts'
import { CYCLE_VALUES, type NewProduct } from './schemas.ts'
import type { ProductView } from './views.ts'

export async function createProduct(
  db: Db,
  input: NewProduct,
  actor: CatalogActor,
): Promise<ProductView> {
  // The input schema checked the limits already; a caller that built the input itself did not.
  const limits = parseLimits(input.family, input.limits)
  try {
    const productId = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(products)
        .values({
          family: input.family,
          slug: input.slug,
          name: input.name,
          description: input.description,
          features: input.features,
          limits,
          setupFeeCents: input.setupFee,
          visibility: input.visibility,
          displayOrder: input.displayOrder,
        })
        .returning()
      const prices = CYCLE_VALUES.flatMap((cycle) => {
        const priceCents = input.prices[cycle]
        return priceCents === undefined ? [] : [{ productId: created!.id, cycle, priceCents }]
      })
      await tx.insert(productPrices).values(prices)
      await recordAdminAction(tx, {
        adminUserId: actor.adminUserId,
        targetUserId: null,
        action: 'product.create',
        subject: `product:${created!.id}`,
        reason: actor.reason,
        details: {
          to: {
            family: created!.family,
            ...auditedFieldsOf(created!),
            prices: Object.fromEntries(prices.map((price) => [price.cycle, price.priceCents])),
          },
        },
      })
      return created!.id
    })
    return await getProduct(db, productId, { includeHidden: true })
  } catch (error) {
    rethrowDuplicate(error)
  }
}
