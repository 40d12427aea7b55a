import { readDb } from '#app/lib/db.server.ts'
import { csvResponse, queryOf, restHandler, todayUtc } from '#app/lib/rest.server.ts'
import { exportTransactionsCsv } from '#server/services/billing/export-transactions-csv.ts'
import { ZTransactionFilters } from '#server/services/billing/transaction-schemas.ts'

/** GET /api/billing/transactions.csv: both balances' filtered history as CSV. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) =>
  csvResponse(
    exportTransactionsCsv(readDb, user.id, queryOf(request, ZTransactionFilters)),
    `transactions-${todayUtc()}.csv`,
  ),
)
