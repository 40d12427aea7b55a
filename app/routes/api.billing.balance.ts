import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, requireApiUser } from '#app/lib/rest.server.ts'
import { getBillingBalance, getProviders } from '#app/lib/services.server.ts'

/** GET /api/billing/balance: both balances in one response. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () =>
    getBillingBalance(db, getProviders(), (await requireApiUser(request)).id),
  )
}
