import {
  hydrate,
  notifyManager,
  QueryClient,
  QueryObserver,
  type DehydratedState,
  type QueryObserverOptions,
} from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink } from '@trpc/client'
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query'
import superjson from 'superjson'
import type { AppRouter } from '#server/trpc/root.ts'
import { registerLiveRuntime } from './live-data.tsx'

const hydrateOptions = { defaultOptions: { deserializeData: superjson.deserialize } }

/**
 * The query layer: react-query's cache, the tRPC client and its options proxy. A page that
 * shows live data before it has loaded (`/billing`, the header) renders its loader's data
 * and loads this after hydration (app/lib/live-data.tsx, ADR 034); every other module using
 * it imports it through app/lib/trpc.ts, so it is there before they render.
 */
export function createLiveRuntime() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } })
  const trpcClient = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })],
  })
  return {
    queryClient,
    trpcClient,
    trpc: createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient }),
    /**
     * Seeds the cache with what loaders prefetched, by HydrationBoundary's rule: queries new
     * to the cache at once (during render, so the server's HTML has them), newer data for
     * cached ones only after the commit (the function returned, or null when there is none).
     * Its clause for pending queries does not arise: loaders dehydrate successful ones only.
     */
    hydrateNew(state: DehydratedState): (() => void) | null {
      const cache = queryClient.getQueryCache()
      const fresh: DehydratedState['queries'] = []
      const newer: DehydratedState['queries'] = []
      for (const query of state.queries) {
        const cached = cache.get(query.queryHash)
        if (!cached) fresh.push(query)
        else if (query.state.dataUpdatedAt > cached.state.dataUpdatedAt) newer.push(query)
      }
      if (fresh.length > 0) hydrate(queryClient, { mutations: [], queries: fresh }, hydrateOptions)
      return newer.length > 0
        ? () => hydrate(queryClient, { mutations: [], queries: newer }, hydrateOptions)
        : null
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query's options
    observe: (options: QueryObserverOptions<any, any, any, any, any>) =>
      new QueryObserver(queryClient, queryClient.defaultQueryOptions(options)),
    batchCalls: notifyManager.batchCalls,
  }
}

export type LiveRuntime = ReturnType<typeof createLiveRuntime>

// One cache per browser tab, made when this module first runs; the server makes one per
// request (app/entry.server.tsx).
if (typeof document !== 'undefined') registerLiveRuntime(createLiveRuntime())
