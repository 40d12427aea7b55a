import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions, users } from '#db/schema/index.ts'
import { monthOf, type TStatementMonth } from './schemas.ts'

export type StatementMonths = { first: TStatementMonth; last: TStatementMonth }

/**
 * The months a user's statement picker offers, by the server's clock (UTC), never the
 * browser's: from the earlier of the account's month and its first ledger entry's (an
 * imported account may have entries older than itself) to the current month, the last one
 * getStatement accepts. Null for a user that does not exist.
 */
export async function statementMonths(
  db: DbOrTx,
  input: { userId: number; now?: Date },
): Promise<StatementMonths | null> {
  const [user] = await db
    .select({ createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, input.userId))
  if (!user) return null
  const [firstEntry] = await db
    .select({ createdAt: creditTransactions.createdAt })
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, input.userId))
    .orderBy(asc(creditTransactions.id))
    .limit(1)
  const last = monthOf(input.now ?? new Date())
  const first = [monthOf(user.createdAt), firstEntry && monthOf(firstEntry.createdAt), last]
    .filter((month): month is string => Boolean(month))
    .sort()[0]!
  return { first, last }
}
