import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { trpcHttpHandler } from '#app/lib/trpc.server.ts'

async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler(await trpcHttpHandler(request, context))
}

export const loader = handle
export const action = handle
