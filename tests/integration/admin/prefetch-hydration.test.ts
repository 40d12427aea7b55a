import { hydrate, QueryClient } from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink } from '@trpc/client'
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query'
import superjson from 'superjson'
import { beforeAll, describe, expect, it } from 'vitest'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import type { AppRouter } from '#server/trpc/root.ts'
import { BASE_URL } from '#tests/helpers/http.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Loaders prefetch tRPC queries on the server and hand them over dehydrated; the browser's
 * cache (hydrated as <TrpcHydration> does) then holds exactly what the live query would,
 * Dates included, under the key the browser's own query uses.
 */
let admin: TestUser
let other: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin' })
  other = await createTestUser({ name: 'Olive Other' })
})

const requestAs = (cookie?: string) =>
  new Request(`${BASE_URL}/admin/users/1`, { headers: cookie ? { Cookie: cookie } : {} })
const context = { clientIp: '127.0.0.1' }

async function thrown(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run()
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
  throw new Error('expected a thrown Response')
}

describe('prefetchQueries', () => {
  it('hands the browser cache the query result, Dates intact, under the browser query key', async () => {
    const dehydrated = await prefetchQueries(requestAs(admin.cookie), context, (trpc) => [
      trpc.admin.users.get.queryOptions({ userId: other.id }),
    ])
    // As the loader's JSON carries it.
    const wire = JSON.parse(JSON.stringify(dehydrated)) as typeof dehydrated

    const browserCache = new QueryClient()
    hydrate(browserCache, wire, { defaultOptions: { deserializeData: superjson.deserialize } })
    const browserTrpc = createTRPCOptionsProxy<AppRouter>({
      client: createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `${BASE_URL}/api/trpc`, transformer: superjson })],
      }),
      queryClient: browserCache,
    })
    const cached = browserCache.getQueryData(
      browserTrpc.admin.users.get.queryKey({ userId: other.id }),
    )
    expect(cached).toMatchObject({ id: other.id, name: 'Olive Other' })
    expect(cached?.createdAt).toBeInstanceOf(Date)
  })

  it('redirects to /login without a session', async () => {
    const response = await thrown(() =>
      prefetchQueries(requestAs(), context, (trpc) => [
        trpc.admin.users.get.queryOptions({ userId: other.id }),
      ]),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('fails the loader with the query error status (404 unknown user, 403 not an admin)', async () => {
    const missing = await thrown(() =>
      prefetchQueries(requestAs(admin.cookie), context, (trpc) => [
        trpc.admin.users.get.queryOptions({ userId: 999_999_999 }),
      ]),
    )
    expect(missing.status).toBe(404)
    const forbidden = await thrown(() =>
      prefetchQueries(requestAs(other.cookie), context, (trpc) => [
        trpc.admin.users.get.queryOptions({ userId: other.id }),
      ]),
    )
    expect(forbidden.status).toBe(403)
  })
})
