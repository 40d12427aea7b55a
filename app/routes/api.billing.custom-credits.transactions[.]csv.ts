import { readDb } from '#app/lib/db.server.ts'
import { csvResponse, queryOf, restHandler, todayUtc } from '#app/lib/rest.server.ts'
import { exportCreditTransactionsCsv, ZTransactionsQuery } from '#app/lib/services.server.ts'

/** GET /api/billing/custom-credits/transactions.csv: the filtered history as CSV. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) => {
  const { cursor: _c, page: _p, limit: _l, ...filters } = queryOf(request, ZTransactionsQuery)
  return csvResponse(
    exportCreditTransactionsCsv(readDb, user.id, filters),
    `custom-credits-${todayUtc()}.csv`,
  )
})
