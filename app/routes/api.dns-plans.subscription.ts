import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { handleRest, requireApiUser } from '#app/lib/rest.server.ts'
import { getMySubscription, getPlanLimits } from '#app/lib/services.server.ts'

/** GET /api/dns-plans/subscription: the caller's subscription (or null) and its limits. */
export function loader({ request }: LoaderFunctionArgs) {
  return handleRest(async () => {
    const user = await requireApiUser(request)
    const [subscription, limits] = await Promise.all([
      getMySubscription(db, user.id),
      getPlanLimits(db, user.id),
    ])
    return { subscription, limits }
  })
}
