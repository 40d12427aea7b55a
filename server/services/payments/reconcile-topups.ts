import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import { runDueDeliveries } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { applyPayPalOrder } from './apply-paypal-order.ts'
import { captureAtPayPal, captureRequestId } from './capture-topup.ts'

/** PayPal lets a buyer approve for 3 hours; after that an uncaptured order is dead. */
const ORDER_LIFETIME_MINUTES = 3 * 60 + 15

export type ReconcileReport = {
  recaptured: number
  confirmed: number
  expired: number
  deliveries: Record<string, number>
  cancellations: { cancelled: number; failed: number }
  errors: number
}

/**
 * The reconciliation job: completes whatever was paid at PayPal but not yet credited or
 * delivered here, whatever interrupted it (a crash between PayPal's capture and our commit,
 * a lost webhook, a VirtFusion outage).
 */
export async function reconcileTopups(db: Db, providers: Providers): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    recaptured: 0,
    confirmed: 0,
    expired: 0,
    deliveries: {},
    cancellations: { cancelled: 0, failed: 0 },
    errors: 0,
  }

  // A capture claim whose request died: capturing again is idempotent (same PayPal-Request-Id).
  const abandoned = await db
    .select()
    .from(topups)
    .where(
      and(eq(topups.status, 'capturing'), lt(topups.claimedAt, sql`now() - interval '2 minutes'`)),
    )
    .limit(100)
  for (const topup of abandoned) {
    try {
      await applyPayPalOrder(
        db,
        topup.id,
        await captureAtPayPal(providers, topup.paypalOrderId!, captureRequestId(topup)),
      )
      report.recaptured++
    } catch (error) {
      report.errors++
      await db
        .update(topups)
        .set({ status: 'created', claimedAt: null })
        .where(and(eq(topups.id, topup.id), eq(topups.status, 'capturing')))
      logError('reconcile: re-capture failed', error, { topupId: topup.id })
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
