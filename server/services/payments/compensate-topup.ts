import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.ts'
import { tokenTransactions, topupRefunds, topups, type Topup } from '#db/schema/index.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'

export type CompensationKind = 'refund' | 'chargeback'
export type CompensationOutcome =
  | 'compensated'
  | 'already'
  | 'unknown_capture'
  | 'flagged'
  | 'review'

/** Custom-credit top-ups in these states had their credits posted. */
const CREDITED: ReadonlySet<Topup['status']> = new Set(['completed', 'refunded', 'reversed'])

/** Why a fully refunded token top-up stays in review: what the admin must check. */
export function refundedWhileUnknownReason(topup: Pick<Topup, 'id' | 'tokens'>): string {
  return `Refunded in full at PayPal while the VirtFusion delivery outcome is unknown: check VirtFusion for credit reference_1 = ${topup.id} (${topup.tokens} tokens) and cancel it if it exists, then press Retry to close this top-up as refunded (nothing is delivered).`
}

/** The status of a top-up whose money all went back: named after the refund that finished it. */
export async function returnedStatus(tx: Tx, topupId: number): Promise<'refunded' | 'reversed'> {
  const [last] = await tx
    .select({ kind: topupRefunds.kind })
    .from(topupRefunds)
    .where(eq(topupRefunds.topupId, topupId))
    .orderBy(desc(topupRefunds.id))
    .limit(1)
  return last?.kind === 'chargeback' ? 'reversed' : 'refunded'
}

/**
 * Records the cancellation of a delivered VirtFusion credit (the job sends it after commit).
 * Null when that credit entry was already cancelled (by a refund, a reversal or an admin).
 */
export async function recordCreditCancellation(
  tx: Tx,
  topup: Topup,
  kind: CompensationKind,
): Promise<number | null> {
  const [cancellation] = await tx
    .insert(tokenTransactions)
    .values({
      userId: topup.userId,
      type: kind,
      tokens: -topup.tokens!,
      topupId: topup.id,
      virtfusionCreditId: topup.virtfusionCreditId,
      description: `PayPal ${kind}: cancel VirtFusion credit ${topup.virtfusionCreditId}`,
    })
    .onConflictDoNothing()
    .returning({ id: tokenTransactions.id })
  return cancellation?.id ?? null
}

export async function requestCancellation(tokenTransactionId: number): Promise<void> {
  await requestJob('cancel-virtfusion-credit', { tokenTransactionId }).catch((e: unknown) =>
    logError('could not queue the VirtFusion cancellation (the sweep will pick it up)', e),
  )
}

/**
 * Closes a token top-up left in review because PayPal refunded it in full while the delivery
 * outcome was unknown, once that outcome is known not to need a delivery: an admin checked
 * VirtFusion (and cancelled any credit there), or the delivery call certainly never arrived.
 * A credit we know of is cancelled. Nothing is ever delivered.
 */
export async function closeRefundedReview(db: Db, topupId: number, why: string): Promise<void> {
  const cancellationId = await db.transaction(async (tx) => {
    const [topup] = await tx.select().from(topups).where(eq(topups.id, topupId)).for('update')
    if (topup?.status !== 'review' || topup.refundedCents !== topup.amountCents) return null
    const status = await returnedStatus(tx, topupId)
    await tx
      .update(topups)
      .set({
        status,
        claimedAt: null,
        failureReason: `Refunded in full at PayPal. ${why}`,
        updatedAt: sql`now()`,
      })
      .where(eq(topups.id, topupId))
    if (topup.virtfusionCreditId !== null) {
      return recordCreditCancellation(tx, topup, status === 'reversed' ? 'chargeback' : 'refund')
    }
    await tx
      .update(tokenTransactions)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(and(eq(tokenTransactions.topupId, topupId), eq(tokenTransactions.type, 'purchase')))
    return null
  })
  if (cancellationId !== null) await requestCancellation(cancellationId)
}

/**
 * PayPal gave money back (merchant refund) or took it back (reversal): the one path for the
 * webhook and the refund reconciliation (ADR 013). Each PayPal refund is recorded once in
 * topup_refunds under its id (a reversal reported without one under the capture id), in
 * the transaction that compensates it, with the top-up row locked: a refund delivered again,
 * under another event id or by reconciliation, finds its row and does nothing. The refunded
 * total is the sum of the rows and never exceeds what was paid.
 * - Credits get a compensating ledger entry, which may take the balance below zero (admins
 *   see it owed).
 * - Tokens: a full refund cancels the delivered VirtFusion credit entry (a job, after
 *   commit); a partial one is flagged for an admin (a credit entry can only be cancelled
 *   whole). When the delivery outcome is unknown the top-up stays in review and says what
 *   to check, since a credit may exist.
 */
export async function compensateTopup(
  db: Db,
  input: {
    captureId: string
    refundId?: string
    kind: CompensationKind
    /** The refunded amount; absent means everything not refunded yet. */
    amountCents?: number
    reportedBy: string
  },
): Promise<CompensationOutcome> {
  const paypalRefundId = input.refundId ?? input.captureId
  const result = await db.transaction(async (tx) => {
    // The lock serialises every compensation of this top-up, so the sum below stays true.
    const [topup] = await tx
      .select()
      .from(topups)
      .where(eq(topups.paypalCaptureId, input.captureId))
      .for('update')
    if (!topup) return { outcome: 'unknown_capture' as const }
    const [sum] = await tx
      .select({ cents: sql<string>`coalesce(sum(${topupRefunds.amountCents}), 0)` })
      .from(topupRefunds)
      .where(eq(topupRefunds.topupId, topup.id))
    const refundedBefore = Number(sum!.cents)
    const refundable = topup.amountCents - refundedBefore
    const amount = Math.min(input.amountCents ?? refundable, refundable)
    if (amount <= 0) return { outcome: 'already' as const }
    const [recorded] = await tx
      .insert(topupRefunds)
      .values({
        topupId: topup.id,
        kind: input.kind,
        paypalRefundId,
        amountCents: amount,
        reportedBy: input.reportedBy,
      })
      .onConflictDoNothing()
      .returning({ id: topupRefunds.id })
    if (!recorded) return { outcome: 'already' as const }
    // Keyed on the recorded refund: the webhook and the reconciliation reporting the same
    // refund find its row above and write no second message.
    const tellUser = (balanceAfterCents: number | null) =>
      enqueueMail(tx, {
        eventKey: `topup-refund:${recorded.id}`,
        recipient: { userId: topup.userId },
        template: 'refund-applied',
        data: {
          kind: input.kind === 'refund' ? 'refund' : 'reversal',
          amountCents: amount,
          purpose: topup.purpose,
          reference: input.captureId,
          reason: null,
          balanceAfterCents,
        },
      })

    const refunded = refundedBefore + amount
    const full = refunded === topup.amountCents
    const returned = input.kind === 'refund' ? 'refunded' : 'reversed'
    // A flagged top-up keeps what it was flagged for.
    const addTo = (text: string) =>
      topup.status === 'flagged' && topup.failureReason ? `${topup.failureReason} | ${text}` : text
    const note = `PayPal ${input.kind} of ${formatCents(amount)}${full ? '' : ` (partial: ${formatCents(refunded)} of ${formatCents(topup.amountCents)} returned so far)`}`
    const settle = (values: { status: Topup['status']; failureReason: string }) =>
      tx
        .update(topups)
        .set({
          ...values,
          refundedCents: sql`(select sum(${topupRefunds.amountCents}) from ${topupRefunds} where ${topupRefunds.topupId} = ${topup.id})`,
          updatedAt: sql`now()`,
        })
        .where(eq(topups.id, topup.id))

    if (topup.purpose === 'custom_credits') {
      if (CREDITED.has(topup.status)) {
        const entry = await postCreditEntry(tx, {
          userId: topup.userId,
          type: input.kind,
          amountCents: -amount,
          description:
            input.kind === 'refund'
              ? 'PayPal refund of a credit purchase'
              : 'PayPal reversal (chargeback) of a credit purchase',
          paymentMethod: 'paypal',
          paymentReference: `${input.kind}:${paypalRefundId}`,
          allowNegative: true,
          metadata: { topupId: topup.id, reportedBy: input.reportedBy, refundedCents: amount },
        })
        await tx
          .update(topupRefunds)
          .set({ creditEntryId: entry.id })
          .where(eq(topupRefunds.id, recorded.id))
        await tellUser(entry.balanceAfterCents)
      } else await tellUser(null)
      await settle({
        status: full ? returned : topup.status,
        failureReason: full ? note : addTo(note),
      })
      return { outcome: 'compensated' as const }
    }

    await tellUser(null)
    const [purchase] = await tx
      .select({ status: tokenTransactions.status })
      .from(tokenTransactions)
      .where(and(eq(tokenTransactions.topupId, topup.id), eq(tokenTransactions.type, 'purchase')))
    // A delivery call is in flight (its claim still open), or ended without an answer: a
    // credit may exist.
    const deliveryUnknown =
      topup.virtfusionCreditId === null &&
      (topup.status === 'delivering' ||
        topup.status === 'review' ||
        topup.claimedAt !== null ||
        purchase?.status === 'review')

    if (!full) {
      await settle({
        status: 'flagged',
        failureReason: addTo(
          `${note}: adjust the user's VirtFusion tokens by hand (a credit entry can only be cancelled whole)${deliveryUnknown ? `; the delivery outcome is unknown, so first check VirtFusion for credit reference_1 = ${topup.id}` : ''}`,
        ),
      })
      return { outcome: 'flagged' as const }
    }
    if (topup.virtfusionCreditId !== null) {
      await settle({ status: returned, failureReason: note })
      const cancellationId = await recordCreditCancellation(tx, topup, input.kind)
      return { outcome: 'compensated' as const, cancellationId }
    }
    if (deliveryUnknown) {
      // Never "refunded" while a credit may exist: an admin checks VirtFusion first. A call
      // still in flight that succeeds cancels its own credit (deliverVirtFusionTokens).
      await settle({ status: 'review', failureReason: refundedWhileUnknownReason(topup) })
      return { outcome: 'review' as const }
    }
    // Never delivered: make sure it never is.
    await settle({ status: returned, failureReason: note })
    await tx
      .update(tokenTransactions)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(and(eq(tokenTransactions.topupId, topup.id), eq(tokenTransactions.type, 'purchase')))
    return { outcome: 'compensated' as const }
  })
  if ('cancellationId' in result && typeof result.cancellationId === 'number') {
    await requestCancellation(result.cancellationId)
  }
  if (result.outcome !== 'already' && result.outcome !== 'unknown_capture')
    await requestMailDelivery()
  return result.outcome
}
