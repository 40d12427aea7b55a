import { createTRPCClient, httpBatchLink } from '@trpc/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'
import type { inferRouterOutputs } from '@trpc/server'
import type { SerializeFrom } from '@remix-run/node'
import superjson from 'superjson'
import type { AppRouter } from '#server/trpc/root.ts'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

export function createBrowserTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })],
  })
}

export type RouterOutputs = inferRouterOutputs<AppRouter>

/** A procedure's output as the browser may hold it: live (superjson, real Dates) or from a loader (JSON). */
export type Wire<T> = T | SerializeFrom<T>
