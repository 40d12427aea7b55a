import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase, openPostgres } from '#db/connection.ts'
import * as schema from '#db/schema/index.ts'
import { apiTokens, userCredits, users, virtfusionBalances } from '#db/schema/index.ts'
import {
  apiTokenCache,
  authenticateApiToken,
  createApiToken,
  createApiTokenCache,
  revokeApiToken,
} from '#server/services/api-tokens/api-tokens.ts'
import { getBillingBalance } from '#server/services/billing/get-billing-balance.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { getTokenBalance } from '#server/services/virtfusion/get-token-balance.ts'
import { setUserActive } from '#server/services/users/set-user-active.ts'
import { createTestUser } from '#tests/helpers/users.ts'
import { isAppError } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'

/**
 * Two processes, as far as the token cache can tell: each has its own pool (its own server
 * connections) and its own cache. "Here" is this process's real cache (the one requests use),
 * "there" another process's, with a 1-second bound so the test waits little.
 */
const here = createDatabase(process.env.DATABASE_URL!, { max: 2 })
const there = createDatabase(process.env.DATABASE_URL!, { max: 2 })
const BOUND_MS = 1_000
const thereCache = createApiTokenCache(BOUND_MS)
afterAll(async () => {
  await Promise.all([here.sql.end(), there.sql.end()])
})

const acceptsHere = (token: string) => accepts(() => authenticateApiToken(here.db, token))
const acceptsThere = (token: string) =>
  accepts(() => authenticateApiToken(there.db, token, thereCache))

async function accepts(authenticate: () => Promise<unknown>): Promise<boolean> {
  try {
    await authenticate()
    return true
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAUTHENTICATED') return false
    throw error
  }
}

/** Milliseconds until `check` turns false, polling every 50 ms, or Infinity after `limitMs`. */
async function msUntilRefused(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const start = Date.now()
  while (Date.now() - start <= limitMs) {
    if (!(await check())) return Date.now() - start
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return Infinity
}

describe('API token cache across processes', () => {
  it('a token revoked on one process is refused there at once and on the other within the bound', async () => {
    const user = await createTestUser()
    const { token, view } = await createApiToken(here.db, {
      user,
      name: 'two places',
      scope: 'read',
    })
    expect(await acceptsHere(token)).toBe(true)
    expect(await acceptsThere(token)).toBe(true)

    await revokeApiToken(here.db, { userId: user.id, tokenId: view.id })
    expect(await acceptsHere(token)).toBe(false)
    // The other process still holds its verification (this is what the cache saves) …
    expect(await acceptsThere(token)).toBe(true)
    // … and lets go of it within the bound.
    const ms = await msUntilRefused(() => acceptsThere(token), BOUND_MS + 1_000)
    expect(ms).toBeLessThanOrEqual(BOUND_MS + 500)
  })

  it("an owner deactivated through one process loses the token's access on the other within the bound", async () => {
    const admin = await createTestUser({ role: 'admin' })
    const user = await createTestUser()
    const { token } = await createApiToken(here.db, { user, name: 'owner leaves', scope: 'read' })
    expect(await acceptsHere(token)).toBe(true)
    expect(await acceptsThere(token)).toBe(true)
    await setUserActive(here.db, {
      actorId: admin.id,
      userId: user.id,
      isActive: false,
      reason: 'closed',
    })
    // The deactivating process drops the owner's cached tokens at once.
    expect(await acceptsHere(token)).toBe(false)
    const ms = await msUntilRefused(() => acceptsThere(token), BOUND_MS + 1_000)
    expect(ms).toBeLessThanOrEqual(BOUND_MS + 500)
  })

  it('uses within the period read nothing and last_used_at is written at most once a minute', async () => {
    const user = await createTestUser()
    const { token, view } = await createApiToken(here.db, { user, name: 'busy', scope: 'read' })
    const lastUsed = async () =>
      (await here.db.select().from(apiTokens).where(eq(apiTokens.id, view.id)))[0]!.lastUsedAt
    expect(await acceptsThere(token)).toBe(true)
    const first = await lastUsed()
    expect(first).not.toBeNull()

    // The row changed behind the cache's back: uses within the period neither read nor write it.
    await there.db.update(apiTokens).set({ lastUsedAt: null }).where(eq(apiTokens.id, view.id))
    for (let i = 0; i < 20; i++) expect(await acceptsThere(token)).toBe(true)
    expect(await lastUsed()).toBeNull()

    // After the period the token is verified again: the write happens (the row says never
    // used), and the next verification within the minute writes nothing.
    await new Promise((resolve) => setTimeout(resolve, BOUND_MS + 50))
    expect(await acceptsThere(token)).toBe(true)
    const second = await lastUsed()
    expect(second).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, BOUND_MS + 50))
    expect(await acceptsThere(token)).toBe(true)
    expect(await lastUsed()).toEqual(second)
  })

  it('the process-wide cache is the one requests use, bounded by API_TOKEN_CACHE_SECONDS', async () => {
    const user = await createTestUser()
    const { token } = await createApiToken(here.db, { user, name: 'default', scope: 'read' })
    const before = apiTokenCache.size
    expect(await acceptsHere(token)).toBe(true)
    expect(apiTokenCache.size).toBe(before + 1)
  })
})

describe('balance read', () => {
  it('reads the wallet, the VirtFusion link and the cached token reading in one statement, same answer as before', async () => {
    let statements = 0
    const client = openPostgres(process.env.DATABASE_URL!, {
      max: 1,
      fetch_types: false,
      debug: () => statements++,
    })
    const counted = drizzle({ client, schema, casing: 'snake_case' })
    const noCalls = {
      virtfusion: {
        getTokenBalance: () => {
          throw new Error('a fresh reading must not ask VirtFusion')
        },
      },
    } as unknown as Providers
    try {
      const linked = await createTestUser()
      await here.db.update(users).set({ virtfusionUserId: 4242 }).where(eq(users.id, linked.id))
      await here.db.insert(userCredits).values({ userId: linked.id, balanceCents: -1234 })
      await here.db.insert(virtfusionBalances).values({ userId: linked.id, tokens: 5678 })
      const unlinked = await createTestUser()

      for (const user of [linked, unlinked]) {
        statements = 0
        const balance = await getBillingBalance(counted, noCalls, user.id)
        expect(statements).toBe(1)
        expect(balance).toEqual({
          customCredits: await getCreditBalance(here.db, user.id),
          virtfusionTokens: await getTokenBalance(here.db, noCalls, user.id),
        })
      }
      const linkedBalance = await getBillingBalance(counted, noCalls, linked.id)
      expect(linkedBalance.customCredits).toMatchObject({ owed: true })
      expect(linkedBalance.customCredits.balance.cents).toBe(-1234)
      expect(linkedBalance.virtfusionTokens).toMatchObject({ status: 'ok', tokens: 5678 })
    } finally {
      await client.end()
    }
  })
})
