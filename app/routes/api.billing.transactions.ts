import type { LoaderFunctionArgs } from '@remix-run/node'
import { readDb } from '#app/lib/db.server.ts'
import { handleRest, parseInput, requireApiUser } from '#app/lib/rest.server.ts'
import { listTransactions } from '#server/services/billing/list-transactions.ts'
import { ZTransactionListQuery } from '#server/services/billing/transaction-schemas.ts'
import { searchParamsToObject } from '#server/services/credits/schemas.ts'

/** GET /api/billing/transactions: both balances' history, filtered, one page. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    const query = parseInput(
      ZTransactionListQuery,
      searchParamsToObject(new URL(request.url).searchParams),
    )
    return listTransactions(readDb, user.id, query)
  })
}
