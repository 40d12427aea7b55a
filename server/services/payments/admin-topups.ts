import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, users, type Topup, type TopupStatus } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { money, type Money } from '#server/lib/money.ts'
import { deliverVirtFusionTokens } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { applyPayPalOrder } from './apply-paypal-order.ts'
import { closeRefundedReview } from './compensate-topup.ts'

/** What the admin payments page lists by default: everything that needs a human or went wrong. */
export const ATTENTION_STATUSES: TopupStatus[] = [
  'capturing',
  'pending',
  'captured',
  'delivering',
  'review',
  'flagged',
  'failed',
  'refunded',
  'reversed',
]

export type AdminTopupView = {
  id: number
  user: { id: number; name: string; email: string }
  purpose: Topup['purpose']
  status: Topup['status']
  amount: Money
  /** Refunded or reversed at PayPal so far (the sum of the top-up's refund records). */
  refunded: Money
  tokens: number | null
  paypalOrderId: string | null
  paypalCaptureId: string | null
  failureReason: string | null
  lastDeliveryError: string | null
  deliveryAttempts: number
  virtfusionCreditId: number | null
  createdAt: Date
  updatedAt: Date
}

export async function listTopupsForAdmin(
  db: Db,
  input: { statuses?: TopupStatus[]; cursor?: number; limit: number },
): Promise<{ items: AdminTopupView[]; nextCursor: number | null }> {
  const rows = await db
    .select({ topup: topups, user: { id: users.id, name: users.name, email: users.email } })
    .from(topups)
    .innerJoin(users, eq(users.id, topups.userId))
    .where(
      and(
        inArray(topups.status, input.statuses?.length ? input.statuses : ATTENTION_STATUSES),
        input.cursor ? lt(topups.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(topups.id))
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  return {
    items: page.map(({ topup, user }) => ({
      id: topup.id,
      user,
      purpose: topup.purpose,
      status: topup.status,
      amount: money(topup.amountCents),
      refunded: money(topup.refundedCents),
      tokens: topup.tokens,
      paypalOrderId: topup.paypalOrderId,
      paypalCaptureId: topup.paypalCaptureId,
      failureReason: topup.failureReason,
      lastDeliveryError: topup.lastDeliveryError,
      deliveryAttempts: topup.deliveryAttempts,
      virtfusionCreditId: topup.virtfusionCreditId,
      createdAt: topup.createdAt,
      updatedAt: topup.updatedAt,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.topup.id ?? null) : null,
  }
}

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
