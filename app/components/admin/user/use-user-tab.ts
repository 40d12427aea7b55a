import { useLoaderData } from '@remix-run/react'
import type { QueryKey, UseSuspenseQueryOptions } from '@tanstack/react-query'
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query'
import { useSuspenseQuery, useTRPC } from '#app/lib/trpc.ts'
import type { AppRouter } from '#server/trpc/root.ts'

/**
 * The one query an admin user tab shows, for the input its loader read from the URL, e.g.
 * `(trpc, input) => trpc.admin.virtfusion.get.queryOptions(input)`. The loader prefetches it
 * with loadUserTab and the page reads it with useUserTab: one definition, so the keys match.
 */
export type UserTabQuery<Input, Options> = (trpc: Trpc, input: Input) => Options

export type Trpc = TRPCOptionsProxy<AppRouter>

/**
 * The tab's query as the loader prefetched it (hydrated by the root), then kept live through
 * tRPC every `refreshMs`; and the loader's input (the user's id and anything else it read).
 */
export function useUserTab<Input, TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  query: UserTabQuery<Input, UseSuspenseQueryOptions<TQueryFnData, TError, TData, TQueryKey>>,
  refreshMs: number,
) {
  const { input } = useLoaderData() as { input: Input }
  const trpc = useTRPC()
  const live = useSuspenseQuery({ ...query(trpc, input), refetchInterval: refreshMs })
  return { input, live }
}
