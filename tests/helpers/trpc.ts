import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { invoke } from './http.ts'

/** Calls a tRPC procedure over the real HTTP handler (superjson wire format). */
export async function trpcQuery(path: string, input: unknown, cookie?: string) {
  const query =
    input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
  return invoke(trpcRoute.loader, `/api/trpc/${path}${query}`, { cookie })
}

export async function trpcMutation(
  path: string,
  input: unknown,
  options: { cookie?: string; origin?: string } = {},
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (options.origin) headers.Origin = options.origin
  return invoke(trpcRoute.action, `/api/trpc/${path}`, {
    method: 'POST',
    body: JSON.stringify({ json: input }),
    headers,
    cookie: options.cookie,
  })
}

export async function trpcData<T = unknown>(response: Response): Promise<T> {
  const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: unknown }
  if (!body.result)
    throw new Error(`tRPC call failed (${response.status}): ${JSON.stringify(body.error)}`)
  return body.result.data!.json as T
}
