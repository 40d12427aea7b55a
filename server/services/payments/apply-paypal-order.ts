import { and, eq, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import type { Db, Tx } from '#db/client.ts'
import { tokenTransactions, topups, type Topup } from '#db/schema/index.ts'
import { firstCapture, type PayPalOrder } from '#server/integrations/paypal/client.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents } from '#server/lib/money.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'

export type CaptureOutcome =
  | { kind: 'credited'; topup: Topup; balanceAfterCents: number }
  | { kind: 'captured'; topup: Topup }
  | { kind: 'pending'; topup: Topup }
  | { kind: 'already'; topup: Topup }
  | { kind: 'not_captured'; topup: Topup }
  | { kind: 'declined'; topup: Topup }
  | { kind: 'flagged'; topup: Topup; reason: string }

/** States in which the money has been taken (or decided) and nothing more may be credited. */
const SETTLED: ReadonlySet<Topup['status']> = new Set([
  'captured',
  'delivering',
  'completed',
  'review',
  'flagged',
  'refunded',
  'reversed',
])

async function update(
  tx: Tx,
  id: number,
  values: PgUpdateSetSource<typeof topups>,
): Promise<Topup> {
  const [row] = await tx
    .update(topups)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(topups.id, id))
    .returning()
  return row!
}

/**
 * Applies what PayPal says about an order to our record, exactly once: the one path shared
 * by the capture call, the webhook and reconciliation. Verifies status, amount, currency
 * and custom_id against the record; credits custom credits in the same transaction that
 * marks the top-up (keyed by the capture id), or queues token delivery after commit.
 */
export async function applyPayPalOrder(
  db: Db,
  topupId: number,
  order: PayPalOrder,
): Promise<CaptureOutcome> {
  const outcome = await db.transaction(async (tx): Promise<CaptureOutcome> => {
    const [topup] = await tx.select().from(topups).where(eq(topups.id, topupId)).for('update')
    if (!topup) throw new Error(`top-up ${topupId} vanished`)
    if (SETTLED.has(topup.status)) return { kind: 'already', topup }

    const capture = firstCapture(order)
    if (!capture) {
      const status = order.status === 'VOIDED' ? 'failed' : 'created'
      const row = await update(tx, topupId, {
        status,
        claimedAt: null,
        failureReason: status === 'failed' ? 'PayPal voided the order' : null,
      })
      return { kind: 'not_captured', topup: row }
    }

    const problems: string[] = []
    if (order.id !== topup.paypalOrderId)
      problems.push(`order id ${order.id} is not ${topup.paypalOrderId}`)
    if (capture.customId !== String(topup.id))
      problems.push(`custom_id ${capture.customId ?? 'missing'} is not ${topup.id}`)
    if (capture.currency !== topup.currency)
      problems.push(`currency ${capture.currency} is not ${topup.currency}`)
    if (capture.amountCents !== topup.amountCents) {
      problems.push(
        `amount ${formatCents(capture.amountCents)} is not ${formatCents(topup.amountCents)}`,
      )
    }
    if (problems.length > 0 && (capture.status === 'COMPLETED' || capture.status === 'PENDING')) {
      const reason = `PayPal's capture does not match the record: ${problems.join('; ')}`
      const row = await update(tx, topupId, {
        status: 'flagged',
        paypalCaptureId: capture.id,
        failureReason: reason,
        claimedAt: null,
      })
      return { kind: 'flagged', topup: row, reason }
    }

    if (capture.status === 'PENDING') {
      const row = await update(tx, topupId, {
        status: 'pending',
        paypalCaptureId: capture.id,
        claimedAt: null,
      })
      return { kind: 'pending', topup: row }
    }
    if (capture.status === 'REFUNDED' || capture.status === 'PARTIALLY_REFUNDED') {
      // Paid, then (partly) refunded before we ever recorded the capture: neither "declined"
      // nor safe to credit blindly. An admin settles it from /admin/payments.
      const reason = `PayPal shows this capture ${capture.status.toLowerCase().replace('_', ' ')} before it was credited here: settle it by hand`
      const row = await update(tx, topupId, {
        status: 'flagged',
        paypalCaptureId: capture.id,
        failureReason: reason,
        claimedAt: null,
      })
      return { kind: 'flagged', topup: row, reason }
    }
    if (capture.status !== 'COMPLETED' || order.status !== 'COMPLETED') {
      const row = await update(tx, topupId, {
        status: 'failed',
        paypalCaptureId: capture.id,
        failureReason: `PayPal capture ${capture.status.toLowerCase()}`,
        claimedAt: null,
      })
      return { kind: 'declined', topup: row }
    }

    if (topup.purpose === 'custom_credits') {
      const entry = await postCreditEntry(tx, {
        userId: topup.userId,
        type: 'purchase',
        amountCents: topup.amountCents,
        description: `PayPal purchase of custom credits`,
        paymentMethod: 'paypal',
        paymentReference: capture.id,
        metadata: { topupId: topup.id, paypalOrderId: order.id },
      })
      const row = await update(tx, topupId, {
        status: 'completed',
        paypalCaptureId: capture.id,
        creditEntryId: entry.id,
        claimedAt: null,
        capturedAt: sql`now()`,
        completedAt: sql`now()`,
      })
      await enqueueReceipt(tx, row, entry.balanceAfterCents)
      return { kind: 'credited', topup: row, balanceAfterCents: entry.balanceAfterCents }
    }

    const row = await update(tx, topupId, {
      status: 'captured',
      paypalCaptureId: capture.id,
      claimedAt: null,
      nextDeliveryAt: sql`now()`,
      capturedAt: sql`now()`,
    })
    await tx
      .insert(tokenTransactions)
      .values({
        userId: topup.userId,
        type: 'purchase',
        tokens: topup.tokens!,
        topupId: topup.id,
        description: `PayPal purchase of ${topup.tokens} VirtFusion tokens`,
      })
      .onConflictDoNothing()
    await enqueueReceipt(tx, row, null)
    return { kind: 'captured', topup: row }
  })

  // Side effects on other systems only after commit.
  if (outcome.kind === 'credited' || outcome.kind === 'captured') await requestMailDelivery()
  if (outcome.kind === 'captured') {
    await requestJob('deliver-virtfusion-tokens', { topupId }).catch((e: unknown) =>
      logError('could not queue token delivery (the sweep will pick it up)', e, { topupId }),
    )
  }
  return outcome
}

/** The payment receipt, in the transaction that settles the top-up (ADR 026). */
async function enqueueReceipt(tx: Tx, topup: Topup, balanceAfterCents: number | null) {
  await enqueueMail(tx, {
    eventKey: `topup:${topup.id}:receipt`,
    recipient: { userId: topup.userId },
    template: 'payment-receipt',
    data: {
      topupId: topup.id,
      purpose: topup.purpose,
      amountCents: topup.amountCents,
      currency: topup.currency,
      tokens: topup.tokens,
      balanceAfterCents,
      captureId: topup.paypalCaptureId,
      paidAt: (topup.capturedAt ?? new Date()).toISOString(),
    },
  })
}

export async function findTopupByOrderId(db: Db, orderId: string): Promise<Topup | undefined> {
  const [row] = await db.select().from(topups).where(eq(topups.paypalOrderId, orderId))
  return row
}

export async function findTopupByCaptureId(db: Db, captureId: string): Promise<Topup | undefined> {
  const [row] = await db
    .select()
    .from(topups)
    .where(and(eq(topups.paypalCaptureId, captureId)))
  return row
}
