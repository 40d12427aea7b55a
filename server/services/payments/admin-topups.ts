import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, type Topup } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { deliverVirtFusionTokens } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { applyPayPalOrder } from './apply-paypal-order.ts'
import { closeRefundedReview } from './compensate-topup.ts'

// The list moved beside its query schema; re-exported for existing callers.
export { ATTENTION_STATUSES, listTopupsForAdmin, type AdminTopupView } from './list-admin-topups.ts'

/**
 * The admin's retry button. A delivery in review is retried only because an admin has
 * checked VirtFusion and found no credit for this top-up (the page says so); one refunded in
 * full at PayPal is closed as refunded instead; a stuck capture or pending payment is
 * re-checked against PayPal.
 */
export async function retryTopup(
  db: Db,
  providers: Providers,
  topupId: number,
): Promise<{ status: Topup['status'] }> {
  const [topup] = await db.select().from(topups).where(eq(topups.id, topupId))
  if (!topup) throw new AppError('NOT_FOUND', `Top-up ${topupId} not found.`)
  switch (topup.status) {
    case 'review':
    case 'captured': {
      if (topup.status === 'review' && topup.refundedCents === topup.amountCents) {
        await closeRefundedReview(db, topupId, 'Closed by an admin without delivering.')
        break
      }
      // Never redeliver money PayPal gave back, even if a refund lands right now.
      await db
        .update(topups)
        .set({ status: 'captured', nextDeliveryAt: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(topups.id, topupId),
            inArray(topups.status, ['review', 'captured']),
            eq(topups.refundedCents, 0),
          ),
        )
      await deliverVirtFusionTokens(db, providers, topupId)
      break
    }
    case 'capturing':
    case 'pending':
    case 'created': {
      if (!topup.paypalOrderId)
        throw new AppError(
          'CONFLICT',
          'This top-up never reached PayPal; there is nothing to retry.',
        )
      await applyPayPalOrder(db, topupId, await providers.paypal.getOrder(topup.paypalOrderId))
      break
    }
    default:
      throw new AppError('CONFLICT', `A ${topup.status} top-up cannot be retried.`)
  }
  const [after] = await db
    .select({ status: topups.status })
    .from(topups)
    .where(eq(topups.id, topupId))
  return { status: after!.status }
}
