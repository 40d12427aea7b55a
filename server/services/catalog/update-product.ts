import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { products } from '#db/schema/services.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { changesOf, type CatalogActor } from './audited-fields.ts'
import { rethrowDuplicate } from './catalog-errors.ts'
import { parseLimits } from './families.ts'
import { getProduct } from './list-catalog.ts'
import type { UpdateProductInput } from './schemas.ts'
import type { ProductView } from './views.ts'

/**
 * Changes the fields sent. Limits are checked against the stored product's family before
 * anything is written. An edit that changes nothing records nothing. Prices and visibility have
 * their own actions (setPrice announces, setVisibility keeps retirement final).
 */
export async function updateProduct(
  db: Db,
  input: Omit<UpdateProductInput, 'reason'>,
  actor: CatalogActor,
): Promise<ProductView> {
  const { productId, limits, setupFee, ...fields } = input
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(products)
        .where(eq(products.id, productId))
        .for('update')
      if (!before) throw new AppError('NOT_FOUND', 'No such product.')
      const [after] = await tx
        .update(products)
        .set({
          ...fields,
          ...(limits !== undefined ? { limits: parseLimits(before.family, limits) } : {}),
          ...(setupFee !== undefined ? { setupFeeCents: setupFee } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(products.id, productId))
        .returning()
      const { from, to, changed } = changesOf(before, after!)
      if (!changed) return
      await recordAdminAction(tx, {
        adminUserId: actor.adminUserId,
        targetUserId: null,
        action: 'product.update',
        subject: `product:${productId}`,
        reason: actor.reason,
        details: { from, to },
      })
    })
  } catch (error) {
    rethrowDuplicate(error)
  }
  return getProduct(db, productId, { includeHidden: true })
}
