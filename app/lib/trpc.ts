import type { SerializeFrom } from '@remix-run/node'
import { QueryClientProvider } from '@tanstack/react-query'
import type { inferRouterOutputs } from '@trpc/server'
import { createElement, type ComponentType } from 'react'
import type { AppRouter } from '#server/trpc/root.ts'
import { useLiveRuntime } from './live-data.tsx'
// Any module using the hooks below brings the query layer with it, so it is there before
// that module renders (parts that render before it has loaded use useLiveQuery instead).
import './live-runtime.ts'

export { useTRPC, useTRPCClient } from './live-data.tsx'
// React-query's hooks come from here, never from the package itself (ESLint): importing them
// is what brings the query layer before the importer renders.
export {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from '@tanstack/react-query'

/**
 * A route, or a lazily loaded part, whose modules use react-query's hooks: rendered inside
 * react-query's provider, with the page's cache (ADR 034). The root cannot hold the provider
 * without putting all of react-query into every page's first load.
 */
export function withQueryClient<P extends object>(Component: ComponentType<P>) {
  function WithQueryClient(props: P) {
    const runtime = useLiveRuntime()
    if (!runtime) throw new Error('withQueryClient: the query layer is not loaded')
    return createElement(
      QueryClientProvider,
      { client: runtime.queryClient },
      createElement(Component, props),
    )
  }
  WithQueryClient.displayName = `withQueryClient(${Component.displayName ?? Component.name})`
  return WithQueryClient
}

export type RouterOutputs = inferRouterOutputs<AppRouter>

/** A procedure's output as the browser may hold it: live (superjson, real Dates) or from a loader (JSON). */
export type Wire<T> = T | SerializeFrom<T>
