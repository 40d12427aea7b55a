import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { tokenTransactions } from '#db/schema/index.ts'
import { VirtFusionError } from '#server/integrations/virtfusion/client.ts'
import type { Providers } from '#server/integrations/providers.ts'

/**
 * Cancels the VirtFusion credit entries that refunds, reversals and admins asked to cancel
 * (token entries with a negative amount still pending). Cancelling is idempotent at
 * VirtFusion (a missing entry is already gone), so failures simply retry next run.
 */
export async function cancelPendingVirtFusionCredits(
  db: Db,
  providers: Providers,
  onlyId?: number,
): Promise<{ cancelled: number; failed: number }> {
  const pending = await db
    .select()
    .from(tokenTransactions)
    .where(
      and(
        eq(tokenTransactions.status, 'pending'),
        inArray(tokenTransactions.type, ['refund', 'chargeback', 'admin_cancel']),
        isNotNull(tokenTransactions.virtfusionCreditId),
        onlyId ? eq(tokenTransactions.id, onlyId) : undefined,
      ),
    )
    .limit(100)
  let cancelled = 0
  let failed = 0
  for (const entry of pending) {
    try {
      await providers.virtfusion.cancelCredit(entry.virtfusionCreditId!)
    } catch (error) {
      if (!(error instanceof VirtFusionError && error.kind === 'not_found')) {
        failed++
        continue
      }
    }
    await db
      .update(tokenTransactions)
      .set({ status: 'delivered', updatedAt: sql`now()` })
      .where(eq(tokenTransactions.id, entry.id))
    cancelled++
  }
  return { cancelled, failed }
}
