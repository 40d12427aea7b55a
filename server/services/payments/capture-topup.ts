import { and, eq, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, type Topup } from '#db/schema/index.ts'
import { AppError, isAppError } from '#server/errors.ts'
import {
  firstCapture,
  PayPalApiError,
  type PayPalOrder,
} from '#server/integrations/paypal/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { money, type Money } from '#server/lib/money.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { applyPayPalOrder, findTopupByOrderId, type CaptureOutcome } from './apply-paypal-order.ts'
import { abandonedCaptureClaim } from './stuck-topups.ts'

export type CaptureResult = {
  topupId: number
  purpose: Topup['purpose']
  status: Topup['status']
  amount: Money
  tokens: number | null
  /** The new custom-credit balance, when credits were posted by this call. */
  balance: Money | null
  message: string
}

async function claim(db: Db, topupId: number): Promise<boolean> {
  const rows = await db
    .update(topups)
    .set({ status: 'capturing', claimedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(topups.id, topupId),
        // A claim past its timeout belongs to a request that died: take it over.
        or(eq(topups.status, 'created'), abandonedCaptureClaim),
      ),
    )
    .returning({ id: topups.id })
  return rows.length === 1
}

/**
 * The PayPal-Request-Id of a capture: stable across retries of one attempt (so a lost
 * answer is replayed, never captured twice), new after a definite decline (so the buyer's
 * next funding source is not answered with the old decline).
 */
export function captureRequestId(topup: Pick<Topup, 'id' | 'captureAttempt'>): string {
  return `capture-topup-${topup.id}-${topup.captureAttempt}`
}

async function release(db: Db, topupId: number, declined: boolean): Promise<void> {
  await db
    .update(topups)
    .set({
      status: 'created',
      claimedAt: null,
      updatedAt: sql`now()`,
      ...(declined ? { captureAttempt: sql`${topups.captureAttempt} + 1` } : {}),
    })
    .where(and(eq(topups.id, topupId), eq(topups.status, 'capturing')))
}

function alreadyHandled(topup: Topup): never {
  switch (topup.status) {
    case 'capturing':
      throw new AppError(
        'CAPTURE_IN_PROGRESS',
        'This payment is being completed right now; check again in a moment.',
      )
    case 'failed':
      // This order is finished at PayPal: restarting its approval cannot help.
      throw new AppError(
        'PAYMENT_DECLINED',
        'This payment did not go through and nothing was charged. Please start a new checkout.',
        { details: { restart: false } },
      )
    case 'flagged':
      throw new AppError(
        'PAYMENT_VERIFICATION_FAILED',
        'This payment is held for review; nothing was credited yet.',
      )
    default:
      throw new AppError(
        'ALREADY_CAPTURED',
        'This order was already captured; nothing more was credited.',
        {
          details: { status: topup.status },
        },
      )
  }
}

function toResult(outcome: CaptureOutcome): CaptureResult {
  const { topup } = outcome
  const base = {
    topupId: topup.id,
    purpose: topup.purpose,
    status: topup.status,
    amount: money(topup.amountCents),
    tokens: topup.tokens,
    balance: null,
  }
  switch (outcome.kind) {
    case 'credited':
      return {
        ...base,
        balance: money(outcome.balanceAfterCents),
        message: `${base.amount.formatted} of custom credits added.`,
      }
    case 'captured':
      return {
        ...base,
        message: `Payment received; ${(topup.tokens ?? 0).toLocaleString('en-US')} tokens are being delivered to your VirtFusion account.`,
      }
    case 'pending':
      return {
        ...base,
        message:
          'PayPal is still processing this payment; it will be credited as soon as PayPal confirms it.',
      }
    case 'already':
      return alreadyHandled(topup)
    case 'not_captured':
      throw new AppError(
        'PAYMENT_NOT_APPROVED',
        'PayPal has not completed this payment; please approve it at PayPal first.',
      )
    case 'declined':
      // A capture PayPal completed as DECLINED is final for this order (the record is failed).
      throw new AppError(
        'PAYMENT_DECLINED',
        'PayPal declined this payment and nothing was charged. Please start a new checkout.',
        { details: { restart: false } },
      )
    case 'flagged':
      throw new AppError(
        'PAYMENT_VERIFICATION_FAILED',
        'The payment could not be verified and is held for review; nothing was credited.',
      )
  }
}

/**
 * Completes the caller's own PayPal order: the server captures at PayPal and verifies what
 * PayPal answers. Only the order id comes from the browser. One request at a time holds
 * the capture claim; PayPal-Request-Id makes the PayPal call itself idempotent.
 */
export async function captureTopup(
  db: Db,
  providers: Providers,
  input: { userId: number; orderId: string; purpose: Topup['purpose'] },
): Promise<CaptureResult> {
  const topup = await findTopupByOrderId(db, input.orderId)
  // Another user's order, or one for the other balance, is reported as not found.
  if (!topup || topup.userId !== input.userId || topup.purpose !== input.purpose) {
    throw new AppError('NOT_FOUND', 'No such order.')
  }
  if (!(await claim(db, topup.id))) {
    const [current] = await db.select().from(topups).where(eq(topups.id, topup.id))
    alreadyHandled(current!)
  }

  let order: PayPalOrder
  try {
    order = await captureAtPayPal(providers, input.orderId, captureRequestId(topup))
  } catch (error) {
    await release(db, topup.id, isAppError(error) && error.code === 'PAYMENT_DECLINED')
    throw error
  }
  const outcome = await applyPayPalOrder(db, topup.id, order)
  // PayPal's webhook can settle this very capture before our own call returns: that is
  // this buyer's success, not a replay.
  if (
    outcome.kind === 'already' &&
    outcome.topup.paypalCaptureId === firstCapture(order)?.id &&
    PAID.has(outcome.topup.status)
  ) {
    return paidResult(db, outcome.topup)
  }
  return toResult(outcome)
}

const PAID: ReadonlySet<Topup['status']> = new Set([
  'completed',
  'captured',
  'delivering',
  'review',
])

async function paidResult(db: Db, topup: Topup): Promise<CaptureResult> {
  const base = {
    topupId: topup.id,
    purpose: topup.purpose,
    status: topup.status,
    amount: money(topup.amountCents),
    tokens: topup.tokens,
  }
  if (topup.purpose === 'custom_credits') {
    const { balance } = await getCreditBalance(db, topup.userId)
    return { ...base, balance, message: `${base.amount.formatted} of custom credits added.` }
  }
  return {
    ...base,
    balance: null,
    message: `Payment received; ${(topup.tokens ?? 0).toLocaleString('en-US')} tokens are being delivered to your VirtFusion account.`,
  }
}

/** Capture, treating "already captured" as "fetch the order and verify it". */
export async function captureAtPayPal(
  providers: Providers,
  orderId: string,
  requestId: string,
): Promise<PayPalOrder> {
  try {
    return await providers.paypal.captureOrder(orderId, requestId)
  } catch (error) {
    // Not an answer about the order (5xx, or PayPal refusing us): unknown outcome, safe to retry
    // with the same PayPal-Request-Id, never "start a new checkout" (the buyer might pay twice).
    if (!(error instanceof PayPalApiError) || error.code === 'UPSTREAM_UNAVAILABLE') throw error
    // PayPal is still working on a request with this PayPal-Request-Id: its outcome is
    // unknown, so the same id is retried (and replayed), never a new checkout.
    if (error.status === 409) {
      throw new AppError(
        'CAPTURE_IN_PROGRESS',
        'PayPal is still completing this payment; check again in a moment.',
        { cause: error },
      )
    }
    switch (error.issue) {
      case 'ORDER_ALREADY_CAPTURED':
        return providers.paypal.getOrder(orderId)
      case 'INSTRUMENT_DECLINED':
        // The one refusal PayPal lets the buyer recover from within the same order: the
        // checkout calls actions.restart() and the buyer picks another funding source.
        throw new AppError(
          'PAYMENT_DECLINED',
          'Your payment method was declined. Please choose another one.',
          { details: { restart: true, issue: error.issue }, cause: error },
        )
      case 'ORDER_NOT_APPROVED':
      case 'PAYER_ACTION_REQUIRED':
        throw new AppError('PAYMENT_NOT_APPROVED', 'Please approve the payment at PayPal first.', {
          cause: error,
        })
      default:
        // TRANSACTION_REFUSED, PAYER_CANNOT_PAY, COMPLIANCE_VIOLATION and the like: another
        // approval of the same order would be refused again, so the checkout ends here.
        throw new AppError(
          'PAYMENT_DECLINED',
          `PayPal refused the payment (${error.issue}); nothing was charged. Please start a new checkout.`,
          { details: { restart: false, issue: error.issue }, cause: error },
        )
    }
  }
}
