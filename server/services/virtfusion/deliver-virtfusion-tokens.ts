import { and, asc, eq, isNull, lt, lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { tokenTransactions, topups } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { VirtFusionError } from '#server/integrations/virtfusion/client.ts'
import { backoffSeconds } from '#server/lib/backoff.ts'
import { logError } from '#server/lib/log.ts'
import { metrics } from '#server/lib/metrics.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { closeRefundedReview, returnedStatus } from '#server/services/payments/compensate-topup.ts'
import { ensureVirtFusionLink } from './ensure-virtfusion-link.ts'
import { forgetTokenBalance } from './get-token-balance.ts'

export type DeliveryOutcome = 'delivered' | 'retry' | 'review' | 'noop'

/** A delivery still "in flight" after this long belongs to a process that died mid-call. */
const STALE_DELIVERY_MINUTES = 10

const stillDelivering = (topupId: number) =>
  and(eq(topups.id, topupId), eq(topups.status, 'delivering'))

/**
 * Delivers a paid token top-up to VirtFusion exactly once. The claim (captured →
 * delivering) lets one worker at a time call VirtFusion. A failure that certainly did not
 * reach VirtFusion is retried with backoff; a timeout or 5xx, whose outcome is unknown, is
 * NOT repeated blindly: the top-up goes to review for an admin. Every write after the call
 * is guarded on 'delivering', so a refund that arrived meanwhile is never overwritten.
 */
export async function deliverVirtFusionTokens(
  db: Db,
  providers: Providers,
  topupId: number,
): Promise<DeliveryOutcome> {
  const stop = metrics.deliveryDuration.startTimer()
  const outcome = await deliver(db, providers, topupId)
  if (outcome !== 'noop') stop({ outcome })
  if (outcome === 'delivered')
    metrics.topupSuccesses.inc({ provider: 'virtfusion', purpose: 'virtfusion_tokens' })
  if (outcome === 'review' || outcome === 'retry') {
    metrics.topupFailures.inc({
      provider: 'virtfusion',
      purpose: 'virtfusion_tokens',
      code: outcome,
    })
  }
  return outcome
}

async function deliver(db: Db, providers: Providers, topupId: number): Promise<DeliveryOutcome> {
  const [claimed] = await db
    .update(topups)
    .set({
      status: 'delivering',
      claimedAt: sql`now()`,
      deliveryAttempts: sql`${topups.deliveryAttempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(topups.id, topupId),
        eq(topups.status, 'captured'),
        lte(topups.nextDeliveryAt, sql`now()`),
      ),
    )
    .returning()
  if (!claimed) return 'noop'

  const retryLater = async (error: unknown): Promise<DeliveryOutcome> => {
    const [requeued] = await db
      .update(topups)
      .set({
        status: 'captured',
        claimedAt: null,
        nextDeliveryAt: sql`now() + make_interval(secs => ${backoffSeconds(claimed.deliveryAttempts)})`,
        lastDeliveryError: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
        updatedAt: sql`now()`,
      })
      .where(stillDelivering(topupId))
      .returning({ id: topups.id })
    if (!requeued) {
      // Refunded in full meanwhile (left in review while the call was in flight): this call
      // never reached VirtFusion, so there is nothing to cancel.
      await closeRefundedReview(
        db,
        topupId,
        'The delivery in flight never reached VirtFusion: nothing was delivered.',
      )
    }
    return 'retry'
  }

  try {
    await ensureVirtFusionLink(db, providers, claimed.userId)
  } catch (error) {
    // Linking is idempotent (lookup before create), so any failure here is safe to retry.
    return retryLater(error)
  }

  let creditId: number
  try {
    const credit = await providers.virtfusion.addCredit(claimed.userId, {
      tokens: claimed.tokens!,
      reference1: claimed.id,
      reference2: claimed.paypalCaptureId ?? '',
    })
    creditId = credit.creditId
  } catch (error) {
    if (error instanceof VirtFusionError && error.kind === 'unreachable') return retryLater(error)
    await markForReview(db, topupId, error)
    return 'review'
  }

  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(topups)
      .set({
        status: 'completed',
        virtfusionCreditId: creditId,
        claimedAt: null,
        lastDeliveryError: null,
        completedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(stillDelivering(topupId))
      .returning({ id: topups.id })
    await tx
      .update(tokenTransactions)
      .set({ status: 'delivered', virtfusionCreditId: creditId, updatedAt: sql`now()` })
      .where(and(eq(tokenTransactions.topupId, topupId), eq(tokenTransactions.type, 'purchase')))
    await forgetTokenBalance(tx, claimed.userId)
    if (done) {
      await enqueueMail(tx, {
        eventKey: `topup:${topupId}:tokens-delivered`,
        recipient: { userId: claimed.userId },
        template: 'tokens-delivered',
        data: { topupId, tokens: claimed.tokens! },
      })
      return
    }
    // A refund landed while the call was in flight. Keep the credit id; cancel the credit
    // only when all the money went back (a partial refund is flagged for an admin to settle).
    const [current] = await tx.select().from(topups).where(eq(topups.id, topupId)).for('update')
    const returned = current !== undefined && current.refundedCents === current.amountCents
    // compensateTopup left it in review (outcome unknown then); now it is known.
    const status =
      returned && current.status === 'review' ? await returnedStatus(tx, topupId) : undefined
    await tx
      .update(topups)
      .set({
        virtfusionCreditId: creditId,
        claimedAt: null,
        ...(status
          ? {
              status,
              failureReason: `Refunded in full at PayPal during the delivery: VirtFusion credit ${creditId} is cancelled.`,
            }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(topups.id, topupId))
    if (!returned) return
    const kind = (status ?? current.status) === 'reversed' ? 'chargeback' : 'refund'
    await tx
      .insert(tokenTransactions)
      .values({
        userId: claimed.userId,
        type: kind,
        tokens: -claimed.tokens!,
        topupId,
        virtfusionCreditId: creditId,
        description: `PayPal ${kind} during delivery: cancel VirtFusion credit ${creditId}`,
      })
      .onConflictDoNothing()
  })
  return 'delivered'
}

async function markForReview(db: Db, topupId: number, error: unknown): Promise<void> {
  const detail =
    error instanceof VirtFusionError
      ? `VirtFusion ${error.kind}: the credit may or may not have been added. Check VirtFusion for reference ${topupId} before retrying.`
      : `Delivery failed: ${error instanceof Error ? error.message : 'unknown error'}`
  await db.transaction(async (tx) => {
    const [marked] = await tx
      .update(topups)
      .set({
        status: 'review',
        claimedAt: null,
        lastDeliveryError: detail.slice(0, 500),
        updatedAt: sql`now()`,
      })
      .where(stillDelivering(topupId))
      .returning({ id: topups.id, userId: topups.userId, tokens: topups.tokens })
    if (marked) {
      await enqueueMail(tx, {
        eventKey: `topup:${topupId}:tokens-delayed`,
        recipient: { userId: marked.userId },
        template: 'tokens-delayed',
        data: { topupId, tokens: marked.tokens ?? 0 },
      })
    } else {
      // A refund moved it on (to review or flagged) while the call was in flight: keep that
      // status, but record that a credit may exist.
      await tx
        .update(topups)
        .set({ claimedAt: null, lastDeliveryError: detail.slice(0, 500), updatedAt: sql`now()` })
        .where(and(eq(topups.id, topupId), isNull(topups.virtfusionCreditId)))
    }
    await tx
      .update(tokenTransactions)
      .set({ status: 'review', updatedAt: sql`now()` })
      .where(
        and(
          eq(tokenTransactions.topupId, topupId),
          eq(tokenTransactions.type, 'purchase'),
          eq(tokenTransactions.status, 'pending'),
        ),
      )
  })
  logError('token delivery needs review', error, { topupId })
}

/** The delivery sweep: due deliveries, plus in-flight ones whose worker died (→ review). */
export async function runDueDeliveries(
  db: Db,
  providers: Providers,
): Promise<Record<DeliveryOutcome, number>> {
  const counts: Record<DeliveryOutcome, number> = { delivered: 0, retry: 0, review: 0, noop: 0 }
  const stale = await db
    .select({ id: topups.id })
    .from(topups)
    .where(
      and(
        eq(topups.status, 'delivering'),
        lt(topups.claimedAt, sql`now() - make_interval(mins => ${STALE_DELIVERY_MINUTES})`),
      ),
    )
  for (const { id } of stale) {
    await markForReview(db, id, new Error('The delivery worker stopped mid-call.'))
    counts.review++
  }
  const due = await db
    .select({ id: topups.id })
    .from(topups)
    .where(and(eq(topups.status, 'captured'), lte(topups.nextDeliveryAt, sql`now()`)))
    .orderBy(asc(topups.id))
    .limit(100)
  for (const { id } of due) counts[await deliverVirtFusionTokens(db, providers, id)]++
  return counts
}
