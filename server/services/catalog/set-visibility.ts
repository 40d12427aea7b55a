import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { products } from '#db/schema/services.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import type { CatalogActor } from './audited-fields.ts'
import { getProduct } from './list-catalog.ts'
import type { Visibility } from './schemas.ts'
import type { ProductView } from './views.ts'

/**
 * Shows, hides or retires a product. Hiding takes it off the catalog until shown again;
 * retiring closes it for good (its services run on to their end), so a retired product stays
 * retired: bringing it back is a 409.
 */
export async function setVisibility(
  db: Db,
  input: { productId: number; visibility: Visibility },
  actor: CatalogActor,
): Promise<ProductView> {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ visibility: products.visibility })
      .from(products)
      .where(eq(products.id, input.productId))
      .for('update')
    if (!before) throw new AppError('NOT_FOUND', 'No such product.')
    if (before.visibility === input.visibility) return
    if (before.visibility === 'retired') {
      throw new AppError(
        'CONFLICT',
        'This product is retired, which is final; create a new product instead.',
      )
    }
    await tx
      .update(products)
      .set({ visibility: input.visibility, updatedAt: sql`now()` })
      .where(eq(products.id, input.productId))
    await recordAdminAction(tx, {
      adminUserId: actor.adminUserId,
      targetUserId: null,
      action: 'product.set_visibility',
      subject: `product:${input.productId}`,
      reason: actor.reason,
      details: { from: { visibility: before.visibility }, to: { visibility: input.visibility } },
    })
  })
  return getProduct(db, input.productId, { includeHidden: true })
}
