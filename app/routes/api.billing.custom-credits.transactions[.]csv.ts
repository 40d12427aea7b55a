import type { LoaderFunctionArgs } from '@remix-run/node'
import { readDb } from '#app/lib/db.server.ts'
import { handleRest, parseInput, requireApiUser } from '#app/lib/rest.server.ts'
import {
  exportCreditTransactionsCsv,
  searchParamsToObject,
  ZTransactionsQuery,
} from '#app/lib/services.server.ts'

/** GET /api/billing/custom-credits/transactions.csv: the filtered history as CSV. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    const {
      cursor: _cursor,
      page: _page,
      limit: _limit,
      ...filters
    } = parseInput(ZTransactionsQuery, searchParamsToObject(new URL(request.url).searchParams))
    const date = new Date().toISOString().slice(0, 10)
    return new Response(exportCreditTransactionsCsv(readDb, user.id, filters), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="custom-credits-${date}.csv"`,
        'Cache-Control': 'no-store',
      },
    })
  })
}
