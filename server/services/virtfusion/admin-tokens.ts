import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { tokenTransactions, users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { VirtFusionError } from '#server/integrations/virtfusion/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { ensureVirtFusionLink } from './ensure-virtfusion-link.ts'
import { forgetTokenBalance, getTokenBalance, type TokenBalance } from './get-token-balance.ts'
import { listTokenTransactions, type TokenEntryView } from './list-token-transactions.ts'

export type AdminVirtFusionOverview = {
  user: {
    id: number
    name: string
    email: string
    virtfusionUserId: number | null
    linkError: string | null
  }
  balance: TokenBalance
  entries: TokenEntryView[]
}

export async function getAdminVirtFusionOverview(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<AdminVirtFusionOverview> {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) throw new AppError('NOT_FOUND', `User ${userId} not found.`)
  const [balance, history] = await Promise.all([
    getTokenBalance(db, providers, userId),
    listTokenTransactions(db, userId, { limit: 100 }),
  ])
  return {
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      virtfusionUserId: user.virtfusionUserId,
      linkError: user.virtfusionLinkError,
    },
    balance,
    entries: history.items,
  }
}

export async function linkUserByAdmin(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<{ virtfusionUserId: number }> {
  return { virtfusionUserId: await ensureVirtFusionLink(db, providers, userId) }
}

/**
 * An admin grants tokens with a reason. Recorded locally first (pending), then sent; a
 * call that certainly failed cancels the record, one with an unknown outcome goes to review.
 */
export async function addTokensByAdmin(
  db: Db,
  providers: Providers,
  input: { userId: number; tokens: number; reason: string; adminId: number },
): Promise<TokenEntryView> {
  await ensureVirtFusionLink(db, providers, input.userId)
  const [entry] = await db
    .insert(tokenTransactions)
    .values({
      userId: input.userId,
      type: 'admin_add',
      tokens: input.tokens,
      adminUserId: input.adminId,
      reason: input.reason,
      description: `${input.tokens} tokens added by an administrator`,
    })
    .returning()
  try {
    const { creditId } = await providers.virtfusion.addCredit(input.userId, {
      tokens: input.tokens,
      reference1: entry!.id,
      reference2: `admin-grant:${entry!.id}`,
    })
    await forgetTokenBalance(db, input.userId)
    const [done] = await db
      .update(tokenTransactions)
      .set({ status: 'delivered', virtfusionCreditId: creditId, updatedAt: sql`now()` })
      .where(eq(tokenTransactions.id, entry!.id))
      .returning()
    return done!
  } catch (error) {
    const definite =
      error instanceof VirtFusionError &&
      (error.kind === 'unreachable' || error.kind === 'rejected')
    await db
      .update(tokenTransactions)
      .set({ status: definite ? 'cancelled' : 'review', updatedAt: sql`now()` })
      .where(eq(tokenTransactions.id, entry!.id))
    throw new AppError(
      'UPSTREAM_UNAVAILABLE',
      definite
        ? 'VirtFusion did not accept the credit; nothing was added. Try again later.'
        : 'VirtFusion did not answer in time; the credit may have been added. Check VirtFusion before trying again.',
      { cause: error },
    )
  }
}

/** Cancels a recorded VirtFusion credit entry (a delivered, positive one) with a reason. */
export async function cancelTokenCreditByAdmin(
  db: Db,
  providers: Providers,
  input: { userId: number; tokenTransactionId: number; reason: string; adminId: number },
): Promise<TokenEntryView> {
  const [original] = await db
    .select()
    .from(tokenTransactions)
    .where(
      and(
        eq(tokenTransactions.id, input.tokenTransactionId),
        eq(tokenTransactions.userId, input.userId),
      ),
    )
  if (!original) throw new AppError('NOT_FOUND', 'No such token entry.')
  if (original.tokens <= 0 || original.status !== 'delivered' || !original.virtfusionCreditId) {
    throw new AppError('CONFLICT', 'Only a delivered credit entry can be cancelled.')
  }
  const [already] = await db
    .select({ id: tokenTransactions.id })
    .from(tokenTransactions)
    .where(
      and(
        eq(tokenTransactions.virtfusionCreditId, original.virtfusionCreditId),
        sql`${tokenTransactions.tokens} < 0`,
      ),
    )
    .orderBy(desc(tokenTransactions.id))
  if (already) throw new AppError('CONFLICT', 'This credit entry was already cancelled.')
  try {
    await providers.virtfusion.cancelCredit(original.virtfusionCreditId)
  } catch (error) {
    if (!(error instanceof VirtFusionError && error.kind === 'not_found')) {
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'VirtFusion did not cancel the credit; try again later.',
        { cause: error },
      )
    }
  }
  await forgetTokenBalance(db, input.userId)
  const [entry] = await db
    .insert(tokenTransactions)
    .values({
      userId: input.userId,
      type: 'admin_cancel',
      tokens: -original.tokens,
      status: 'delivered',
      virtfusionCreditId: original.virtfusionCreditId,
      topupId: original.topupId,
      adminUserId: input.adminId,
      reason: input.reason,
      description: `VirtFusion credit ${original.virtfusionCreditId} cancelled by an administrator`,
    })
    .onConflictDoNothing()
    .returning()
  // No row: another admin (or a refund) recorded this cancellation at the same moment.
  if (!entry) throw new AppError('CONFLICT', 'This credit entry was already cancelled.')
  return entry
}
