import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { tokenTransactions, topups, type Topup } from '#db/schema/index.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'

export type CompensationKind = 'refund' | 'chargeback'

/**
 * PayPal gave money back (merchant refund) or took it back (reversal). Each refund is
 * compensated once, keyed by its own id (a capture may be refunded in parts), and never
 * beyond what was paid:
 * - credits get a compensating ledger entry, which may take the balance below zero
 *   (admins see it owed);
 * - delivered tokens fully refunded get their VirtFusion credit entry cancelled by a job
 *   after commit; a partial token refund is flagged for an admin (a credit entry can only
 *   be cancelled whole).
 */
export async function compensateTopup(
  db: Db,
  input: {
    captureId: string
    refundId?: string
    kind: CompensationKind
    amountCents?: number
    eventId: string
  },
): Promise<'compensated' | 'already' | 'unknown_capture' | 'flagged'> {
  const reference = `${input.kind}:${input.refundId ?? input.captureId}`
  const result = await db.transaction(async (tx) => {
    const [topup] = await tx
      .select()
      .from(topups)
      .where(eq(topups.paypalCaptureId, input.captureId))
      .for('update')
    if (!topup) return { outcome: 'unknown_capture' as const }
    const refundable = topup.amountCents - topup.refundedCents
    const amount = Math.min(input.amountCents ?? refundable, refundable)
    if (amount <= 0) return { outcome: 'already' as const }
    const full = topup.refundedCents + amount === topup.amountCents
    const status: Topup['status'] = full
      ? input.kind === 'refund'
        ? 'refunded'
        : 'reversed'
      : topup.status
    const note = `${input.kind} of ${formatCents(amount)}${full ? '' : ' (partial)'}`

    if (topup.purpose === 'custom_credits') {
      if (
        topup.status === 'completed' ||
        topup.status === 'refunded' ||
        topup.status === 'reversed'
      ) {
        // In a savepoint: a duplicate refund (same refund under another event id) rolls back alone.
        const posted = await tx
          .transaction((savepoint) =>
            postCreditEntry(savepoint, {
              userId: topup.userId,
              type: input.kind,
              amountCents: -amount,
              description:
                input.kind === 'refund'
                  ? 'PayPal refund of a credit purchase'
                  : 'PayPal reversal (chargeback) of a credit purchase',
              paymentMethod: 'paypal',
              paymentReference: reference,
              allowNegative: true,
              metadata: { topupId: topup.id, paypalEventId: input.eventId, refundedCents: amount },
            }),
          )
          .catch((error: unknown) => {
            if (isUniqueViolation(error, 'credit_transactions_payment_reference_key')) return null
            throw error
          })
        if (!posted) return { outcome: 'already' as const }
      }
      await tx
        .update(topups)
        .set({
          status,
          refundedCents: topup.refundedCents + amount,
          failureReason: note,
          updatedAt: sql`now()`,
        })
        .where(eq(topups.id, topup.id))
      return { outcome: 'compensated' as const }
    }

    if (!full) {
      await tx
        .update(topups)
        .set({
          status: 'flagged',
          refundedCents: topup.refundedCents + amount,
          failureReason: `${note}: adjust the user's VirtFusion tokens by hand (a credit entry can only be cancelled whole)`,
          updatedAt: sql`now()`,
        })
        .where(eq(topups.id, topup.id))
      return { outcome: 'flagged' as const }
    }
    const delivered = topup.virtfusionCreditId !== null
    await tx
      .update(topups)
      .set({ status, refundedCents: topup.amountCents, failureReason: note, updatedAt: sql`now()` })
      .where(eq(topups.id, topup.id))
    if (!delivered) {
      // Not delivered (or outcome unknown): make sure it never is; an admin settles a review case by hand.
      await tx
        .update(tokenTransactions)
        .set({ status: 'cancelled', updatedAt: sql`now()` })
        .where(and(eq(tokenTransactions.topupId, topup.id), eq(tokenTransactions.type, 'purchase')))
      return { outcome: 'compensated' as const }
    }
    const [cancellation] = await tx
      .insert(tokenTransactions)
      .values({
        userId: topup.userId,
        type: input.kind,
        tokens: -topup.tokens!,
        topupId: topup.id,
        virtfusionCreditId: topup.virtfusionCreditId,
        description: `PayPal ${input.kind}: cancel VirtFusion credit ${topup.virtfusionCreditId}`,
      })
      .onConflictDoNothing()
      .returning({ id: tokenTransactions.id })
    // No row: an admin already cancelled that credit entry.
    return cancellation
      ? { outcome: 'compensated' as const, cancellationId: cancellation.id }
      : { outcome: 'compensated' as const }
  })
  if ('cancellationId' in result) {
    await requestJob('cancel-virtfusion-credit', {
      tokenTransactionId: result.cancellationId,
    }).catch((e: unknown) =>
      logError('could not queue the VirtFusion cancellation (the sweep will pick it up)', e),
    )
  }
  return result.outcome
}
