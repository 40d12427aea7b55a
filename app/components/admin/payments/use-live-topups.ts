import { useSuspenseQuery, useTRPC } from '#app/lib/trpc.ts'
import type { AdminTopupsQuery } from '#server/services/payments/list-admin-topups.ts'

const REFRESH_MS = 10_000
export const REFRESH_SECONDS = REFRESH_MS / 1000

/**
 * The loader prefetched this list (prefetchQueries, hydrated by the root); the browser then
 * keeps it live through tRPC. `input` must be the loader's own, so the query keys match.
 */
export function useLiveTopups(input: AdminTopupsQuery) {
  const trpc = useTRPC()
  return useSuspenseQuery({
    ...trpc.admin.payments.list.queryOptions(input),
    refetchInterval: REFRESH_MS,
  })
}
