import type { AppLoadContext } from '@remix-run/node'
import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from '@tanstack/react-query'
import { TRPCError } from '@trpc/server'
import type { FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch'
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from '@trpc/tanstack-react-query'
import superjson from 'superjson'
import { withDecimalText } from '#server/http/decimal-text.ts'
import { clientIpOf } from '#server/http/load-context.ts'
import { errorResponse } from '#server/http/respond.ts'
import { createContext } from '#server/trpc/init.ts'
import { appRouter, callerFor, type AppRouter } from '#server/trpc/root.ts'

/** Options for tRPC's fetch handler; amounts keep their decimal text (withDecimalText). */
export async function trpcHttpHandler(
  original: Request,
  context: AppLoadContext,
): Promise<FetchHandlerRequestOptions<AppRouter>> {
  const request = await withDecimalText(original)
  return {
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContext({ request, clientIp: clientIpOf(context) }),
  }
}

/** A caller for loaders/actions; failures become the HTTP response the error deserves. */
export async function serverCaller(request: Request, context: AppLoadContext) {
  try {
    return await callerFor(request, clientIpOf(context))
  } catch (error) {
    throw errorResponse(error)
  }
}

/** Runs a server-side procedure call, turning its failure into a thrown Response for Remix. */
export async function callOrThrow<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') {
      const url = new URL(request.url)
      throw new Response(null, {
        status: 302,
        headers: { Location: `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}` },
      })
    }
    throw errorResponse(error)
  }
}

/** What `trpc.x.y.queryOptions(input)` gives; react-query's own type is too narrow for it. */
type PrefetchQuery = { queryKey: QueryKey }

/**
 * For loaders: runs the page's tRPC queries in process (the same procedures and checks as
 * over HTTP, and the request's one authentication) and returns their results as react-query
 * state, superjson inside so Dates survive the loader's JSON. Return it as `dehydrated`
 * from the loader: `LiveDataRoot` in the root seeds the browser's cache with it, and the
 * page reads the data with the same `useQuery(trpc.x.y.queryOptions(input))` that refetches
 * it later (no hand-written revive). A failing query fails the loader: UNAUTHORIZED
 * redirects to /login, anything else answers with its own status.
 *
 *   return json({ dehydrated: await prefetchQueries(request, context, (trpc) => [
 *     trpc.admin.credits.overview.queryOptions({ userId }),
 *   ]) })
 */
export async function prefetchQueries(
  request: Request,
  context: AppLoadContext,
  queries: (trpc: TRPCOptionsProxy<AppRouter>) => PrefetchQuery[],
): Promise<DehydratedState> {
  const queryClient = new QueryClient({
    defaultOptions: { dehydrate: { serializeData: superjson.serialize } },
  })
  const trpc = createTRPCOptionsProxy<AppRouter>({
    router: appRouter,
    ctx: () => createContext({ request, clientIp: clientIpOf(context) }),
    queryClient,
  })
  await callOrThrow(request, () =>
    Promise.all(
      queries(trpc).map((options) =>
        queryClient.fetchQuery(options as Parameters<QueryClient['fetchQuery']>[0]),
      ),
    ),
  )
  return dehydrate(queryClient)
}
