import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'

/**
 * A capture claim older than this belongs to a request that died (a killed process): a new
 * capture call may take it over, and reconciliation settles it. Capturing again is safe: the
 * same PayPal-Request-Id is replayed, never captured twice.
 */
export const CAPTURE_CLAIM_TIMEOUT_SECONDS = 120

/**
 * A top-up still without its PayPal order this long after it was recorded belongs to a
 * process killed between the insert and storing the order id: the buyer never received an
 * order to approve. Far beyond the longest PayPal call (PAYPAL_TIMEOUT_MS is at most 60 s), so
 * a create still in flight is never taken for one.
 */
export const ORDERLESS_TOPUP_MINUTES = 15

export const abandonedCaptureClaim = and(
  eq(topups.status, 'capturing'),
  lt(topups.claimedAt, sql`now() - make_interval(secs => ${CAPTURE_CLAIM_TIMEOUT_SECONDS})`),
)

export const orderlessTopup = and(
  eq(topups.status, 'created'),
  isNull(topups.paypalOrderId),
  lt(topups.createdAt, sql`now() - make_interval(mins => ${ORDERLESS_TOPUP_MINUTES})`),
)

/** For the operators' gauges: top-ups an admin must look at, and top-ups stuck mid-way. */
export async function countTopupsNeedingAttention(db: DbOrTx): Promise<{
  inReview: number
  orderless: number
  abandonedClaims: number
}> {
  const [row] = await db
    .select({
      inReview: sql<number>`count(*) filter (where ${topups.status} = 'review')::int`,
      orderless: sql<number>`count(*) filter (where ${orderlessTopup})::int`,
      abandonedClaims: sql<number>`count(*) filter (where ${abandonedCaptureClaim})::int`,
    })
    .from(topups)
    .where(sql`${topups.status} in ('review', 'created', 'capturing')`)
  return row ?? { inReview: 0, orderless: 0, abandonedClaims: 0 }
}
