import type { LoaderFunctionArgs } from '@remix-run/node'
import { readDb } from '#app/lib/db.server.ts'
import { handleRest, parseInput, requireApiUser } from '#app/lib/rest.server.ts'
import {
  listCreditTransactions,
  searchParamsToObject,
  ZTransactionsQuery,
} from '#app/lib/services.server.ts'

/** GET /api/billing/custom-credits/transactions: the caller's history, filtered and paginated. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    const query = parseInput(
      ZTransactionsQuery,
      searchParamsToObject(new URL(request.url).searchParams),
    )
    return listCreditTransactions(readDb, user.id, query)
  })
}
