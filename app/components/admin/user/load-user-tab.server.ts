import { json, type LoaderFunctionArgs } from '@remix-run/node'
import type { QueryKey } from '@tanstack/react-query'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import type { UserTabQuery } from './use-user-tab.ts'

/**
 * An admin user tab's loader: prefetches the tab's query for the input `inputOf` makes of the
 * user in the URL (and of the query string, where the tab reads more) and returns
 * `{ dehydrated, input }` for useUserTab.
 */
export async function loadUserTab<Input>(
  { request, context, params }: LoaderFunctionArgs,
  query: UserTabQuery<Input, { queryKey: QueryKey }>,
  inputOf: (userId: number, url: URL) => Input,
) {
  const input = inputOf(Number(params.userId), new URL(request.url))
  const dehydrated = await prefetchQueries(request, context, (trpc) => [query(trpc, input)])
  return json({ dehydrated, input })
}

/** The input of a tab that reads nothing but the user. */
export const justTheUser = (userId: number) => ({ userId })
