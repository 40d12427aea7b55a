import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups, type Topup } from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import { runDueDeliveries } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { applyPayPalOrder, type CaptureOutcome } from './apply-paypal-order.ts'
import { captureAtPayPal, captureRequestId } from './capture-topup.ts'
import { abandonedCaptureClaim, orderlessTopup } from './stuck-topups.ts'

/** PayPal lets a buyer approve for 3 hours; after that an uncaptured order is dead. */
const ORDER_LIFETIME_MINUTES = 3 * 60 + 15

export type ReconcileReport = {
  /** Top-ups failed because their process died before it stored the PayPal order id. */
  orderless: number
  /** Abandoned capture claims settled (credited, captured, pending, declined or flagged). */
  recaptured: number
  /** Abandoned capture claims given back: PayPal has no capture (not approved, or declined). */
  releasedClaims: number
  confirmed: number
  expired: number
  deliveries: Record<string, number>
  cancellations: { cancelled: number; failed: number }
  errors: number
}

/**
 * What PayPal says about an order whose capture claim was abandoned: captured (the dead request
 * got that far, or PayPal captured behind it) settles through applyPayPalOrder; approved but
 * not captured is captured now, as the buyer asked, with the claim's PayPal-Request-Id (a
 * capture the dead request did make is replayed, not repeated); not approved gives the claim
 * back (applyPayPalOrder sets it `created` again, or `failed` if PayPal voided it).
 */
async function settleAbandonedClaim(
  db: Db,
  providers: Providers,
  topup: Topup,
): Promise<CaptureOutcome> {
  const orderId = topup.paypalOrderId!
  let order = await providers.paypal.getOrder(orderId)
  if (order.status === 'APPROVED') {
    order = await captureAtPayPal(providers, orderId, captureRequestId(topup))
  }
  return applyPayPalOrder(db, topup.id, order)
}

/**
 * Gives an abandoned claim back when it could not be settled, unless it is no longer the one
 * this run took (claimedAt is stored to the millisecond so that it compares equal). After a
 * definite decline the next capture is a new PayPal request, as in captureTopup.
 */
async function releaseClaim(db: Db, topup: Topup, declined: boolean): Promise<void> {
  await db
    .update(topups)
    .set({
      status: 'created',
      claimedAt: null,
      updatedAt: sql`now()`,
      ...(declined ? { captureAttempt: sql`${topups.captureAttempt} + 1` } : {}),
    })
    .where(
      and(
        eq(topups.id, topup.id),
        eq(topups.status, 'capturing'),
        eq(topups.claimedAt, topup.claimedAt!),
      ),
    )
}

/**
 * The reconciliation job: completes whatever was paid at PayPal but not yet credited or
 * delivered here, whatever interrupted it (a crash between PayPal's capture and our commit,
 * a process killed mid-checkout, a lost webhook, a VirtFusion outage).
 */
export async function reconcileTopups(db: Db, providers: Providers): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    orderless: 0,
    recaptured: 0,
    releasedClaims: 0,
    confirmed: 0,
    expired: 0,
    deliveries: {},
    cancellations: { cancelled: 0, failed: 0 },
    errors: 0,
  }

  // A process killed between recording a top-up and storing its PayPal order id: the buyer
  // never received an order to approve, so nothing was paid.
  const orderless = await db
    .update(topups)
    .set({
      status: 'failed',
      failureReason:
        'The checkout stopped before the PayPal order was recorded; nothing was charged.',
      updatedAt: sql`now()`,
    })
    .where(orderlessTopup)
    .returning({ id: topups.id })
  report.orderless = orderless.length

  // Capture claims whose request died (a process killed mid-capture). Each is taken over by
  // one statement, so of several reconcilers (processes) exactly one works on it, and settled
  // from what PayPal says now.
  const abandoned = await db
    .update(topups)
    .set({ claimedAt: sql`date_trunc('milliseconds', now())` })
    .where(
      and(
        abandonedCaptureClaim,
        inArray(
          topups.id,
          db.select({ id: topups.id }).from(topups).where(abandonedCaptureClaim).limit(100),
        ),
      ),
    )
    .returning()
  for (const topup of abandoned) {
    try {
      const outcome = await settleAbandonedClaim(db, providers, topup)
      if (outcome.kind === 'not_captured') report.releasedClaims++
      else report.recaptured++
    } catch (error) {
      const declined = isAppError(error) && error.code === 'PAYMENT_DECLINED'
      if (declined) report.releasedClaims++
      else {
        report.errors++
        logError('reconcile: abandoned capture claim not settled', error, { topupId: topup.id })
      }
      await releaseClaim(db, topup, declined)
    }
  }

  // Pending captures whose webhook never came, and old orders nobody captured.
  const stale = await db
    .select()
    .from(topups)
    .where(
      and(
        inArray(topups.status, ['pending', 'created']),
        sql`${topups.paypalOrderId} is not null`,
        lt(topups.updatedAt, sql`now() - interval '10 minutes'`),
      ),
    )
    .limit(200)
  for (const topup of stale) {
    try {
      const order = await providers.paypal.getOrder(topup.paypalOrderId!)
      const outcome = await applyPayPalOrder(db, topup.id, order)
      if (outcome.kind === 'credited' || outcome.kind === 'captured') report.confirmed++
      else if (
        outcome.kind === 'not_captured' &&
        topup.createdAt.getTime() < Date.now() - ORDER_LIFETIME_MINUTES * 60_000
      ) {
        await db
          .update(topups)
          .set({
            status: 'failed',
            failureReason: 'The buyer never completed the payment; the order expired.',
            updatedAt: sql`now()`,
          })
          .where(and(eq(topups.id, topup.id), eq(topups.status, 'created')))
        report.expired++
      } else {
        await db
          .update(topups)
          .set({ updatedAt: sql`now()` })
          .where(eq(topups.id, topup.id))
      }
    } catch (error) {
      report.errors++
      logError('reconcile: order check failed', error, { topupId: topup.id })
    }
  }

  report.deliveries = await runDueDeliveries(db, providers)
  report.cancellations = await cancelPendingVirtFusionCredits(db, providers)
  return report
}
