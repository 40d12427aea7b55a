import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { tokenTransactions, topups, type Topup } from '#db/schema/index.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'

export type CompensationKind = 'refund' | 'chargeback'

/**
 * PayPal gave the money back (merchant refund) or took it back (reversal): credits get a
 * compensating entry, which may take the balance below zero (admins see it flagged);
 * delivered tokens get their VirtFusion credit entry cancelled by a job after commit.
 * Exactly once per capture: the entry's payment reference is unique.
 */
export async function compensateTopup(
  db: Db,
  input: { captureId: string; kind: CompensationKind; amountCents?: number; eventId: string },
): Promise<'compensated' | 'already' | 'unknown_capture'> {
  const result = await db.transaction(async (tx) => {
    const [topup] = await tx
      .select()
      .from(topups)
      .where(eq(topups.paypalCaptureId, input.captureId))
      .for('update')
    if (!topup) return { outcome: 'unknown_capture' as const }
    if (topup.status === 'refunded' || topup.status === 'reversed')
      return { outcome: 'already' as const }
    const amount = Math.min(input.amountCents ?? topup.amountCents, topup.amountCents)
    const status: Topup['status'] = input.kind === 'refund' ? 'refunded' : 'reversed'

    if (topup.purpose === 'custom_credits') {
      if (topup.status === 'completed') {
        await postCreditEntry(tx, {
          userId: topup.userId,
          type: input.kind,
          amountCents: -amount,
          description:
            input.kind === 'refund'
              ? 'PayPal refund of a credit purchase'
              : 'PayPal reversal (chargeback) of a credit purchase',
          paymentMethod: 'paypal',
          paymentReference: `${input.kind}:${input.captureId}`,
          allowNegative: true,
          metadata: { topupId: topup.id, paypalEventId: input.eventId, refundedCents: amount },
        })
      }
      await tx
        .update(topups)
        .set({
          status,
          failureReason: `${input.kind} of ${formatCents(amount)}`,
          updatedAt: sql`now()`,
        })
        .where(eq(topups.id, topup.id))
      return { outcome: 'compensated' as const }
    }

    const delivered = topup.status === 'completed' && topup.virtfusionCreditId !== null
    await tx
      .update(topups)
      .set({
        status,
        failureReason: `${input.kind} of ${formatCents(amount)}`,
        updatedAt: sql`now()`,
      })
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
