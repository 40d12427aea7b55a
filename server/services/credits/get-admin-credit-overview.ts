import type { DbOrTx } from '#db/client.ts'
import { getUser } from '#server/services/users/get-user.ts'
import { getCreditBalance, type CreditBalance } from './get-credit-balance.ts'
import { listCreditTransactions, type CreditTransactionsPage } from './list-credit-transactions.ts'
import type { TTransactionsQuery } from './schemas.ts'

export type AdminCreditOverview = {
  user: { id: number; name: string; email: string }
  balance: CreditBalance
  history: CreditTransactionsPage
}

/** A user's balance and history as an admin sees it (who did what, and why). */
export async function getAdminCreditOverview(
  db: DbOrTx,
  userId: number,
  query: TTransactionsQuery,
): Promise<AdminCreditOverview> {
  const user = await getUser(db, userId)
  const [balance, history] = await Promise.all([
    getCreditBalance(db, userId),
    listCreditTransactions(db, userId, query),
  ])
  return { user: { id: user.id, name: user.name, email: user.email }, balance, history }
}
