import { and, asc, desc, eq, gte, lt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions, users, type CreditEntryType } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { money, type Money } from '#server/lib/money.ts'
import { ENTRY_TYPE_LABELS } from '#server/services/credits/entry-view.ts'
import { monthOf, monthRange, type TStatementMonth } from './schemas.ts'

export type StatementLine = {
  entryId: number
  date: Date
  type: CreditEntryType
  typeLabel: string
  description: string
  /** Why an admin added or removed credits (shown to the customer, as in their history). */
  reason: string | null
  /** Signed: positive added credits, negative took them away. */
  amount: Money
  /** The balance after this entry. */
  balance: Money
}

export type Statement = {
  month: TStatementMonth
  /** First instant of the month (UTC). */
  periodStart: Date
  /** First instant of the next month (UTC): entries strictly before it belong to the month. */
  periodEnd: Date
  /** False for the current month: entries may still be added to it. */
  complete: boolean
  generatedAt: Date
  holder: { userId: number; name: string; email: string }
  openingBalance: Money
  lines: StatementLine[]
  totalIn: Money
  totalOut: Money
  closingBalance: Money
}

/**
 * A user's custom-credit statement for one UTC month: the balance before the month, every
 * ledger entry dated in it (in ledger order), and the balance after them. Entries belong to
 * the month by `created_at` in [start, end); the opening balance is the balance after the
 * last entry before the start, so opening + the month's amounts is the ledger's balance at
 * the end of the month. A month before the user's first entry is empty with zero balances;
 * a month that has not begun is refused.
 */
export async function getStatement(
  db: DbOrTx,
  input: { userId: number; month: TStatementMonth; now?: Date },
): Promise<Statement> {
  const now = input.now ?? new Date()
  const { start, end } = monthRange(input.month)
  if (start > now) {
    throw new AppError(
      'VALIDATION_FAILED',
      `No statement for ${input.month} yet: that month has not begun.`,
      {
        fields: { month: [`The latest statement is for ${monthOf(now)}`] },
      },
    )
  }
  const [holder] = await db
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, input.userId))
  if (!holder) throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)

  const [before] = await db
    .select({ balanceAfterCents: creditTransactions.balanceAfterCents })
    .from(creditTransactions)
    .where(
      and(eq(creditTransactions.userId, input.userId), lt(creditTransactions.createdAt, start)),
    )
    .orderBy(desc(creditTransactions.id))
    .limit(1)
  const entries = await db
    .select({
      id: creditTransactions.id,
      createdAt: creditTransactions.createdAt,
      type: creditTransactions.type,
      description: creditTransactions.description,
      reason: creditTransactions.reason,
      amountCents: creditTransactions.amountCents,
    })
    .from(creditTransactions)
    .where(
      and(
        eq(creditTransactions.userId, input.userId),
        gte(creditTransactions.createdAt, start),
        lt(creditTransactions.createdAt, end),
      ),
    )
    .orderBy(asc(creditTransactions.id))

  const openingCents = before?.balanceAfterCents ?? 0
  let balanceCents = openingCents
  let inCents = 0
  let outCents = 0
  const lines = entries.map((entry): StatementLine => {
    balanceCents += entry.amountCents
    if (entry.amountCents > 0) inCents += entry.amountCents
    else outCents += entry.amountCents
    return {
      entryId: entry.id,
      date: entry.createdAt,
      type: entry.type,
      typeLabel: ENTRY_TYPE_LABELS[entry.type],
      description: entry.description,
      reason: entry.reason,
      amount: money(entry.amountCents),
      balance: money(balanceCents),
    }
  })
  return {
    month: input.month,
    periodStart: start,
    periodEnd: end,
    complete: end <= now,
    generatedAt: now,
    holder,
    openingBalance: money(openingCents),
    lines,
    totalIn: money(inCents),
    totalOut: money(outCents),
    closingBalance: money(balanceCents),
  }
}
