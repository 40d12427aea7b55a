import { readDb } from '#app/lib/db.server.ts'
import { queryOf, restHandler } from '#app/lib/rest.server.ts'
import { listCreditTransactions, ZTransactionsQuery } from '#app/lib/services.server.ts'

/** GET /api/billing/custom-credits/transactions: the caller's history, filtered and paginated. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) =>
  listCreditTransactions(readDb, user.id, queryOf(request, ZTransactionsQuery)),
)
