import type { LoaderFunctionArgs } from '@remix-run/node'
import { readDb } from '#app/lib/db.server.ts'
import { handleRest, parseInput, requireApiUser } from '#app/lib/rest.server.ts'
import { exportTransactionsCsv } from '#server/services/billing/export-transactions-csv.ts'
import { ZTransactionFilters } from '#server/services/billing/transaction-schemas.ts'
import { searchParamsToObject } from '#server/services/credits/schemas.ts'

/** GET /api/billing/transactions.csv: both balances' filtered history as CSV. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    const params = new URL(request.url).searchParams
    const filters = parseInput(ZTransactionFilters, searchParamsToObject(params))
    const date = new Date().toISOString().slice(0, 10)
    return new Response(exportTransactionsCsv(readDb, user.id, filters), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="transactions-${date}.csv"`,
        'Cache-Control': 'no-store',
      },
    })
  })
}
