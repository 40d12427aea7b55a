import { eq, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import { users, virtfusionBalances } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { money, type Money } from '#server/lib/money.ts'

export type TokenBalance =
  | { status: 'ok'; tokens: number; value: Money; fetchedAt: Date }
  | { status: 'stale'; tokens: number; value: Money; fetchedAt: Date; message: string }
  | { status: 'not_linked'; message: string }
  | { status: 'unavailable'; message: string }

/** A fresh reading is reused for this long, so a page polling the balance does not hammer VirtFusion. */
const FRESH_SECONDS = 20

/**
 * The token balance as VirtFusion reports it (100 tokens = $1, so its dollar value in cents
 * equals the token count). When VirtFusion cannot be reached: the last known value, marked
 * stale; never a made-up zero.
 */
export async function getTokenBalance(
  db: Db,
  providers: Providers,
  userId: number,
  /**
   * The user's row when the caller has already read it (its VirtFusion link is all we need),
   * and the cached reading when the caller read that too (null: there is none).
   */
  known?: {
    virtfusionUserId: number | null
    cached?: { tokens: number; fetchedAt: Date } | null
  },
): Promise<TokenBalance> {
  const [user] = known
    ? [{ linked: known.virtfusionUserId }]
    : await db.select({ linked: users.virtfusionUserId }).from(users).where(eq(users.id, userId))
  if (!user?.linked)
    return { status: 'not_linked', message: 'Your account is not linked to VirtFusion yet.' }

  const [cached] =
    known?.cached !== undefined
      ? known.cached
        ? [known.cached]
        : []
      : await db.select().from(virtfusionBalances).where(eq(virtfusionBalances.userId, userId))
  if (cached && Date.now() - cached.fetchedAt.getTime() < FRESH_SECONDS * 1000) {
    return {
      status: 'ok',
      tokens: cached.tokens,
      value: money(cached.tokens),
      fetchedAt: cached.fetchedAt,
    }
  }
  try {
    const tokens = await providers.virtfusion.getTokenBalance(userId)
    const [saved] = await db
      .insert(virtfusionBalances)
      .values({ userId, tokens })
      .onConflictDoUpdate({
        target: virtfusionBalances.userId,
        set: { tokens, fetchedAt: sql`now()` },
      })
      .returning()
    return { status: 'ok', tokens, value: money(tokens), fetchedAt: saved!.fetchedAt }
  } catch {
    if (!cached)
      return { status: 'unavailable', message: 'VirtFusion cannot be reached right now.' }
    return {
      status: 'stale',
      tokens: cached.tokens,
      value: money(cached.tokens),
      fetchedAt: cached.fetchedAt,
      message: 'VirtFusion cannot be reached right now; this is the last known balance.',
    }
  }
}

/** After we change tokens at VirtFusion, the next read must ask VirtFusion again. */
export async function forgetTokenBalance(db: DbOrTx, userId: number): Promise<void> {
  await db.delete(virtfusionBalances).where(eq(virtfusionBalances.userId, userId))
}
