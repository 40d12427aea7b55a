import type { LoaderFunctionArgs } from '@remix-run/node'
import { handleRest, requireApiUser } from '#app/lib/rest.server.ts'
import { getBillingBalance } from '#app/lib/services.server.ts'
import { db } from '#app/lib/db.server.ts'

/** GET /api/billing/balance: both balances in one response. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => getBillingBalance(db, (await requireApiUser(request)).id))
}
