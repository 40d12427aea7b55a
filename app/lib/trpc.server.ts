import type { AppLoadContext } from '@remix-run/node'
import { TRPCError } from '@trpc/server'
import type { FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch'
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
