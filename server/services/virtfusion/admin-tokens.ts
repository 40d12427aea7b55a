import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { tokenTransactions, type TokenTransaction } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { VirtFusionError } from '#server/integrations/virtfusion/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { getUser } from '#server/services/users/get-user.ts'
import { ensureVirtFusionLink } from './ensure-virtfusion-link.ts'
import { forgetTokenBalance, getTokenBalance, type TokenBalance } from './get-token-balance.ts'
import { listTokenTransactions, type TokenEntryView } from './list-token-transactions.ts'
import type { TAdminTokenGrantInput } from './schemas.ts'
import { sendAdminTokenGrant } from './send-admin-token-grant.ts'

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

/** The entries may come from the read pool (`historyDb`, possibly a lagging replica). */
export async function getAdminVirtFusionOverview(
  db: Db,
  providers: Providers,
  userId: number,
  historyDb: DbOrTx = db,
): Promise<AdminVirtFusionOverview> {
  // The user layout around this tab reads the same user in the same request: one read.
  const user = await getUser(db, userId)
  const [balance, history] = await Promise.all([
    getTokenBalance(db, providers, userId, user),
    listTokenTransactions(historyDb, userId, { limit: 100 }),
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

/** A grant sent by another request is waited for this long (its calls' timeouts, plus a margin). */
const OUTCOME_WAIT_MS = 3 * env.VIRTFUSION_TIMEOUT_MS + 2_000
const OUTCOME_POLL_MS = 100

function entryView(entry: TokenTransaction): TokenEntryView {
  return {
    id: entry.id,
    type: entry.type,
    tokens: entry.tokens,
    status: entry.status,
    description: entry.description,
    reason: entry.reason,
    topupId: entry.topupId,
    virtfusionCreditId: entry.virtfusionCreditId,
    createdAt: entry.createdAt,
  }
}

/** Records the grant once per (user, key): a repeat gets the first record, or CONFLICT if it differs. */
async function recordGrant(
  db: Db,
  input: TAdminTokenGrantInput & { adminId: number },
): Promise<TokenTransaction> {
  let inserted: TokenTransaction | undefined
  try {
    ;[inserted] = await db
      .insert(tokenTransactions)
      .values({
        userId: input.userId,
        type: 'admin_add',
        tokens: input.tokens,
        adminUserId: input.adminId,
        reason: input.reason,
        description: `${input.tokens} tokens added by an administrator`,
        idempotencyKey: input.idempotencyKey ?? null,
      })
      .onConflictDoNothing({ target: [tokenTransactions.userId, tokenTransactions.idempotencyKey] })
      .returning()
  } catch (error) {
    if (pgErrorOf(error)?.code === '23503')
      throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
    throw error
  }
  if (inserted) return inserted
  const [existing] = await db
    .select()
    .from(tokenTransactions)
    .where(
      and(
        eq(tokenTransactions.userId, input.userId),
        eq(tokenTransactions.idempotencyKey, input.idempotencyKey!),
      ),
    )
  const same =
    existing?.type === 'admin_add' &&
    existing.tokens === input.tokens &&
    existing.reason === input.reason &&
    existing.adminUserId === input.adminId
  if (!same)
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different request.')
  return existing
}

/** The grant once no request is sending it any more (or as it is when the wait runs out). */
async function settledGrant(db: Db, grantId: number): Promise<TokenTransaction> {
  const deadline = Date.now() + OUTCOME_WAIT_MS
  for (;;) {
    const [grant] = await db
      .select()
      .from(tokenTransactions)
      .where(eq(tokenTransactions.id, grantId))
    if (grant!.status !== 'pending' || Date.now() >= deadline) return grant!
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS))
  }
}

/**
 * An admin grants tokens with a reason. The grant is recorded first, once per idempotency
 * key, then sent to VirtFusion by exactly one caller (sendAdminTokenGrant). Every request
 * with the same key gets the same answer: the delivered entry, or the same error (nothing
 * was added / the outcome is unknown and needs a check in VirtFusion). A grant whose
 * request died before sending it is sent by the delivery sweep.
 */
export async function addTokensByAdmin(
  db: Db,
  providers: Providers,
  input: TAdminTokenGrantInput & { adminId: number },
): Promise<TokenEntryView> {
  const recorded = await recordGrant(db, input)
  await sendAdminTokenGrant(db, providers, recorded.id)
  const grant = await settledGrant(db, recorded.id)
  const details = { entryId: grant.id }
  switch (grant.status) {
    case 'delivered':
      return entryView(grant)
    case 'cancelled':
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'VirtFusion did not accept the credit; nothing was added. Try again later.',
        { details: { ...details, outcome: 'not_added' } },
      )
    case 'review':
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        'VirtFusion did not answer in time; the credit may have been added. Check VirtFusion before trying again.',
        { details: { ...details, outcome: 'unknown' } },
      )
    case 'pending':
      throw new AppError(
        'CONFLICT',
        'This grant is still being sent to VirtFusion; ask again with the same idempotency key in a moment.',
        { details: { ...details, outcome: 'in_progress' } },
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
