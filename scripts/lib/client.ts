/**
 * A typed tRPC client for scripts that talk to a running SkyPanel over HTTP with an API
 * token (`Authorization: Bearer …`), the way any outside automation would. Only the
 * router's type is imported: nothing from the server runs in the script.
 */
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client'
import superjson from 'superjson'
import type { AppRouter } from '#server/trpc/root.ts'

export const DEFAULT_API_URL = 'http://localhost:3000'

/** Thrown when the client cannot be configured (no token, bad URL): the caller's mistake. */
export class ApiClientConfigError extends Error {
  override name = 'ApiClientConfigError'
}

export type ApiClient = TRPCClient<AppRouter>

export function createApiClient(options: { url?: string; token?: string } = {}): ApiClient {
  const url = (options.url ?? process.env.API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '')
  const token = (options.token ?? process.env.API_TOKEN)?.trim()
  if (!token) {
    throw new ApiClientConfigError(
      'API_TOKEN is not set. Create a token on the settings page (or with ' +
        '`npm run token:create -- --email you@example.com --scopes read`) and export API_TOKEN=<token>.',
    )
  }
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol')
  } catch {
    throw new ApiClientConfigError(
      `API_URL must be an http(s) URL such as ${DEFAULT_API_URL} (got "${url}").`,
    )
  }
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/api/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${token}` },
      }),
    ],
  })
}
