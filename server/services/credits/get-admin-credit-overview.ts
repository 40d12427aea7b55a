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

/**
 * A user's balance and history as an admin sees it (who did what, and why). The history may
 * come from the read pool (`historyDb`, possibly a lagging replica); the balance never does.
 */
export async function getAdminCreditOverview(
  db: DbOrTx,
  userId: number,
  query: TTransactionsQuery,
  historyDb: DbOrTx = db,
): Promise<AdminCreditOverview> {
  const user = await getUser(db, userId)
  const [balance, history] = await Promise.all([
    getCreditBalance(db, userId),
    listCreditTransactions(historyDb, userId, query),
  ])
  return { user: { id: user.id, name: user.name, email: user.email }, balance, history }
}
