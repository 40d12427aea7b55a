import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { tokenTransactions } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { VirtFusionError } from '#server/integrations/virtfusion/client.ts'
import { logError } from '#server/lib/log.ts'
import { ensureVirtFusionLink } from './ensure-virtfusion-link.ts'
import { forgetTokenBalance } from './get-token-balance.ts'

export type GrantSendOutcome = 'delivered' | 'not_added' | 'review' | 'noop'

/** A grant claimed this long ago and still pending lost its sender mid-call. */
const STALE_CLAIM_MINUTES = 10
/** An unclaimed grant younger than this still belongs to the request that recorded it. */
const UNCLAIMED_GRACE_SECONDS = 60

const pendingGrants = and(
  eq(tokenTransactions.type, 'admin_add'),
  eq(tokenTransactions.status, 'pending'),
)

/**
 * Sends a recorded admin grant to VirtFusion at most once. Claiming it (setting claimed_at
 * on the pending, unclaimed row) is one atomic statement, so of any number of callers only
 * one sends; the others get 'noop' and read the outcome from the row. VirtFusion has no
 * idempotency key, so a claimed grant is never sent again: a failure that certainly did
 * not reach it cancels the grant, an unknown outcome sends it to review.
 */
export async function sendAdminTokenGrant(
  db: Db,
  providers: Providers,
  grantId: number,
): Promise<GrantSendOutcome> {
  const [grant] = await db
    .update(tokenTransactions)
    .set({ claimedAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(pendingGrants, eq(tokenTransactions.id, grantId), isNull(tokenTransactions.claimedAt)),
    )
    .returning()
  if (!grant) return 'noop'
  const settle = (status: 'cancelled' | 'review') =>
    db
      .update(tokenTransactions)
      .set({ status, updatedAt: sql`now()` })
      .where(and(pendingGrants, eq(tokenTransactions.id, grantId)))

  try {
    await ensureVirtFusionLink(db, providers, grant.userId)
  } catch (error) {
    // The credit itself was never sent.
    logError('admin token grant not sent: linking failed', error, { grantId })
    await settle('cancelled')
    return 'not_added'
  }
  let creditId: number
  try {
    ;({ creditId } = await providers.virtfusion.addCredit(grant.userId, {
      tokens: grant.tokens,
      reference1: grant.id,
      reference2: `admin-grant:${grant.id}`,
    }))
  } catch (error) {
    const definite =
      error instanceof VirtFusionError &&
      (error.kind === 'unreachable' || error.kind === 'rejected' || error.kind === 'not_found')
    if (!definite) logError('admin token grant needs review', error, { grantId })
    await settle(definite ? 'cancelled' : 'review')
    return definite ? 'not_added' : 'review'
  }
  // By id alone: VirtFusion has the credit, whatever the row says now.
  await db
    .update(tokenTransactions)
    .set({ status: 'delivered', virtfusionCreditId: creditId, updatedAt: sql`now()` })
    .where(eq(tokenTransactions.id, grantId))
  await forgetTokenBalance(db, grant.userId)
  return 'delivered'
}

/**
 * The sweep behind admin grants (run with the token delivery job): a grant recorded by a
 * request that died before claiming it is sent now; one claimed by a sender that died
 * mid-call goes to review, since VirtFusion may have it.
 */
export async function sendDueAdminTokenGrants(
  db: Db,
  providers: Providers,
): Promise<Record<GrantSendOutcome, number>> {
  const counts: Record<GrantSendOutcome, number> = {
    delivered: 0,
    not_added: 0,
    review: 0,
    noop: 0,
  }
  const stale = await db
    .update(tokenTransactions)
    .set({ status: 'review', updatedAt: sql`now()` })
    .where(
      and(
        pendingGrants,
        lt(tokenTransactions.claimedAt, sql`now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`),
      ),
    )
    .returning({ id: tokenTransactions.id })
  for (const { id } of stale) {
    logError('admin token grant needs review', new Error('The sender stopped mid-call.'), {
      grantId: id,
    })
    counts.review++
  }
  const due = await db
    .select({ id: tokenTransactions.id })
    .from(tokenTransactions)
    .where(
      and(
        pendingGrants,
        isNull(tokenTransactions.claimedAt),
        lt(
          tokenTransactions.createdAt,
          sql`now() - make_interval(secs => ${UNCLAIMED_GRACE_SECONDS})`,
        ),
      ),
    )
    .orderBy(asc(tokenTransactions.id))
    .limit(100)
  for (const { id } of due) counts[await sendAdminTokenGrant(db, providers, id)]++
  return counts
}
