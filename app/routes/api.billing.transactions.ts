import { readDb } from '#app/lib/db.server.ts'
import { queryOf, restHandler } from '#app/lib/rest.server.ts'
import { listTransactions } from '#server/services/billing/list-transactions.ts'
import { ZTransactionListQuery } from '#server/services/billing/transaction-schemas.ts'

/** GET /api/billing/transactions: both balances' history, filtered, one page. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) =>
  listTransactions(readDb, user.id, queryOf(request, ZTransactionListQuery)),
)
