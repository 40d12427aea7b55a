import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '#db/client.ts'
import { isUniqueViolation, pgErrorOf } from '#db/errors.ts'
import {
  creditTransactions,
  userCredits,
  type CreditEntryType,
  type CreditTransaction,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { metrics } from '#server/lib/metrics.ts'
import { formatCents } from '#server/lib/money.ts'
import { buildLowBalanceNoticeInsert } from '#server/services/mail/preferences/low-balance.ts'

export type CreditEntryInput = {
  userId: number
  type: CreditEntryType
  /** Signed integer cents: positive adds credits, negative takes them away. Never 0. */
  amountCents: number
  description: string
  paymentMethod?: string | null
  paymentReference?: string | null
  idempotencyKey?: string | null
  adminUserId?: number | null
  reason?: string | null
  metadata?: Record<string, unknown>
  /**
   * Spending never takes a balance below zero. Admin removals, refunds and chargebacks may
   * (the money has already left); they set this.
   */
  allowNegative?: boolean
}

type Row = Record<string, unknown>

function toCreditTransaction(row: Row): CreditTransaction {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    type: row.type as CreditEntryType,
    amountCents: Number(row.amount_cents),
    balanceBeforeCents: Number(row.balance_before_cents),
    balanceAfterCents: Number(row.balance_after_cents),
    status: row.status as string,
    description: row.description as string,
    paymentMethod: (row.payment_method as string | null) ?? null,
    paymentReference: (row.payment_reference as string | null) ?? null,
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
    adminUserId: row.admin_user_id === null ? null : Number(row.admin_user_id),
    reason: (row.reason as string | null) ?? null,
    metadata: (row.metadata as Record<string, unknown>) ?? {},
    createdAt: new Date(row.created_at as string | Date),
  }
}

/**
 * An outbox INSERT … SELECT built by a mail module, written by the entry's own statement as a
 * data-modifying CTE. It is given the entry CTE (a relation with credit_transactions' columns)
 * and must select from it: every CTE of a statement runs, so one that did not read the entry
 * would write its message even when no entry was written. Null: nothing to write.
 */
export type EntryOutboxInsert = (entry: SQL) => SQL | null

const ENTRY = sql.raw('entry')

/**
 * Moves the balance, appends the journal entry and writes the entry's outbox messages in ONE
 * statement: the UPDATE takes the balance row's lock and its RETURNING feeds the INSERT, so
 * before/after can never come from a stale read; the messages read the INSERT's RETURNING, so
 * they exist exactly when the entry does. A debit's low-balance message is always among them.
 * Returns nothing (and writes nothing) when the wallet row is missing or the spend would go
 * below zero.
 */
async function moveAndAppend(
  tx: DbOrTx,
  input: CreditEntryInput,
  outbox: readonly EntryOutboxInsert[] = [],
): Promise<CreditTransaction | null> {
  const amount = input.amountCents
  const inserts = [...(amount < 0 ? [buildLowBalanceNoticeInsert] : []), ...outbox]
    .map((build) => build(ENTRY))
    .filter((insert) => insert !== null)
  const messages = inserts.map((insert, i) => sql`, ${sql.raw(`outbox_${i}`)} as (${insert})`)
  const rows = await tx.execute<Row>(sql`
    with moved as (
      update ${userCredits}
         set balance_cents = balance_cents + ${amount}::bigint, updated_at = now()
       where user_id = ${input.userId}::int
         and (${input.allowNegative ?? false}::boolean or ${amount}::bigint > 0 or balance_cents + ${amount}::bigint >= 0)
      returning balance_cents
    ), ${ENTRY} as (
      insert into ${creditTransactions} (
        user_id, type, amount_cents, balance_before_cents, balance_after_cents, description,
        payment_method, payment_reference, idempotency_key, admin_user_id, reason, metadata)
      select ${input.userId}::int, ${input.type}::credit_entry_type, ${amount}::bigint,
             moved.balance_cents - ${amount}::bigint, moved.balance_cents,
             ${input.description}::text, ${input.paymentMethod ?? null}::text, ${input.paymentReference ?? null}::text,
             ${input.idempotencyKey ?? null}::text, ${input.adminUserId ?? null}::int, ${input.reason ?? null}::text,
             ${JSON.stringify(input.metadata ?? {})}::jsonb
        from moved
      returning *
    )${sql.join(messages)}
    select * from ${ENTRY}`)
  const row = rows[0]
  return row ? toCreditTransaction(row) : null
}

function assertPostable(input: CreditEntryInput): void {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents === 0) {
    throw new AppError(
      'INTERNAL',
      `Refusing to post a non-integer or zero amount (${input.amountCents}).`,
    )
  }
}

/**
 * THE single writer of custom credits: every balance change in the product goes through
 * here, inside the caller's transaction. Creates the wallet row on first use, refuses a
 * spend below zero with INSUFFICIENT_CREDITS and the shortfall, and returns the entry with
 * its before/after balances.
 */
export async function postCreditEntry(tx: Tx, input: CreditEntryInput): Promise<CreditTransaction> {
  assertPostable(input)
  const posted = await moveAndAppend(tx, input)
  if (posted) {
    metrics.ledgerEntries.inc({ type: posted.type })
    return posted
  }

  const [wallet] = await tx
    .select({ balanceCents: userCredits.balanceCents })
    .from(userCredits)
    .where(eq(userCredits.userId, input.userId))
    .for('update')
  if (wallet) {
    const after = wallet.balanceCents + input.amountCents
    // The wallet row appeared after our UPDATE's snapshot (a concurrent first use just
    // committed it): we hold its lock now, so moving the balance again cannot miss.
    if (after >= 0 || input.allowNegative || input.amountCents > 0)
      return postCreditEntry(tx, input)
    const shortfall = -after
    throw new AppError(
      'INSUFFICIENT_CREDITS',
      `Not enough credits: ${formatCents(shortfall)} more needed (balance ${formatCents(wallet.balanceCents)}).`,
      {
        details: {
          shortfallCents: shortfall,
          balanceCents: wallet.balanceCents,
          requiredCents: -input.amountCents,
        },
      },
    )
  }
  try {
    await tx.insert(userCredits).values({ userId: input.userId }).onConflictDoNothing()
  } catch (error) {
    if (pgErrorOf(error)?.code === '23503')
      throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
    throw error
  }
  return postCreditEntry(tx, input)
}

export async function findEntryByIdempotencyKey(
  db: DbOrTx,
  userId: number,
  idempotencyKey: string,
): Promise<CreditTransaction | undefined> {
  const [entry] = await db
    .select()
    .from(creditTransactions)
    .where(
      and(
        eq(creditTransactions.userId, userId),
        eq(creditTransactions.idempotencyKey, idempotencyKey),
      ),
    )
  return entry
}

function assertSameRequest(
  existing: CreditTransaction,
  input: CreditEntryInput,
): CreditTransaction {
  const same =
    existing.type === input.type &&
    existing.amountCents === input.amountCents &&
    existing.adminUserId === (input.adminUserId ?? null) &&
    existing.reason === (input.reason ?? null)
  if (!same)
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different request.')
  return existing
}

/**
 * Posts one entry on its own (one atomic statement, or a transaction on a wallet's first
 * use), exactly once per idempotency key: a repeat
 * (sequential or concurrent) returns the first entry and writes nothing. The unique index
 * on (user_id, idempotency_key) is the guarantee; the lookup first is only a fast path.
 */
export async function postCreditEntryOnce(
  db: Db,
  input: CreditEntryInput,
): Promise<CreditTransaction> {
  const key = input.idempotencyKey
  if (key) {
    const existing = await findEntryByIdempotencyKey(db, input.userId, key)
    if (existing) return assertSameRequest(existing, input)
  }
  try {
    // The update-and-append is one statement, atomic on its own: the common case needs no
    // explicit transaction. A first use or a refused spend takes the locked path.
    const posted = await postCreditEntryAlone(db, input)
    if (posted) return posted
    return await db.transaction((tx) => postCreditEntry(tx, input))
  } catch (error) {
    if (key && isUniqueViolation(error, 'credit_transactions_idempotency_key')) {
      const existing = await findEntryByIdempotencyKey(db, input.userId, key)
      if (existing) return assertSameRequest(existing, input)
    }
    throw error
  }
}

/**
 * Posts one entry and its outbox messages (the debit's low-balance message included) as ONE
 * autocommit statement, with no BEGIN/COMMIT: a single statement is atomic, and PostgreSQL
 * releases the balance row's lock at its own commit, not when a client's COMMIT arrives.
 * Returns null, having written nothing, when the wallet row is missing or a spend would go
 * below zero: the caller then takes its transaction path (postCreditEntry). A unique
 * violation (an idempotency key committed meanwhile) is the caller's to answer.
 */
export async function postCreditEntryAlone(
  db: Db,
  input: CreditEntryInput,
  outbox: readonly EntryOutboxInsert[] = [],
): Promise<CreditTransaction | null> {
  assertPostable(input)
  const posted = await moveAndAppend(db, input, outbox)
  if (posted) metrics.ledgerEntries.inc({ type: posted.type })
  return posted
}
