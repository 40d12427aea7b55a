import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions } from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import { getUser } from '#server/services/users/get-user.ts'
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
  // The row an admin user page's layout has read already in this request (getUser).
  const user = await getUser(db, input.userId).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null
    throw error
  })
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
