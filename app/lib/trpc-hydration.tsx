import { useMatches } from '@remix-run/react'
import { HydrationBoundary, type DehydratedState } from '@tanstack/react-query'
import { useMemo, type ReactNode } from 'react'
import superjson from 'superjson'

const options = { defaultOptions: { deserializeData: superjson.deserialize } }

type WithDehydrated = { dehydrated?: DehydratedState } | null | undefined

/**
 * In the root, inside the QueryClientProvider: seeds react-query's cache with what the
 * matched routes' loaders prefetched (`dehydrated`, from prefetchQueries in
 * app/lib/trpc.server.ts), on the server render and in the browser alike.
 */
export function TrpcHydration({ children }: { children: ReactNode }) {
  const matches = useMatches()
  const state = useMemo<DehydratedState>(
    () => ({
      mutations: [],
      queries: matches.flatMap(
        (match) => (match.data as WithDehydrated)?.dehydrated?.queries ?? [],
      ),
    }),
    [matches],
  )
  return (
    <HydrationBoundary state={state} options={options}>
      {children}
    </HydrationBoundary>
  )
}
