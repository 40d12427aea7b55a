import { describe, expect, it } from 'vitest'
import { createTokenCache, type VerifiedToken } from './token-cache.ts'

type Found = VerifiedToken & { name: string }

function setup(maxAgeMs = 5_000, maxEntries?: number) {
  let clock = 1_000_000
  let lookups = 0
  const cache = createTokenCache<Found>({
    maxAgeMs,
    maxEntries,
    describe: (found) => found,
    now: () => clock,
  })
  const found = (over: Partial<Found> = {}): Found => ({
    tokenId: 1,
    userId: 10,
    expiresAt: null,
    name: 'a',
    ...over,
  })
  const lookup =
    (result: Found | Error = found()) =>
    (): Promise<Found> => {
      lookups++
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result)
    }
  return {
    cache,
    found,
    lookup,
    lookups: () => lookups,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('createTokenCache', () => {
  it('reuses a verification until maxAge, then verifies again; concurrent first uses share one', async () => {
    const t = setup(5_000)
    await Promise.all([t.cache.get('h', t.lookup()), t.cache.get('h', t.lookup())])
    expect(t.lookups()).toBe(1)
    t.advance(4_999)
    await t.cache.get('h', t.lookup())
    expect(t.lookups()).toBe(1)
    t.advance(1)
    await t.cache.get('h', t.lookup())
    expect(t.lookups()).toBe(2)
  })

  it('never keeps a failure: an unknown token asks again every time and takes no room', async () => {
    const t = setup()
    for (let i = 0; i < 3; i++) {
      await expect(t.cache.get('bad', t.lookup(new Error('Invalid')))).rejects.toThrow('Invalid')
      await settle()
    }
    expect(t.lookups()).toBe(3)
    expect(t.cache.size).toBe(0)
  })

  it('forgets one token, or every token of one user, at once', async () => {
    const t = setup()
    await t.cache.get('a', t.lookup(t.found({ tokenId: 1, userId: 10 })))
    await t.cache.get('b', t.lookup(t.found({ tokenId: 2, userId: 10 })))
    await t.cache.get('c', t.lookup(t.found({ tokenId: 3, userId: 11 })))
    await settle()
    t.cache.forget({ tokenId: 1 })
    expect(t.cache.size).toBe(2)
    t.cache.forget({ userId: 10 })
    expect(t.cache.size).toBe(1)
    await t.cache.get('c', t.lookup())
    expect(t.lookups()).toBe(3)
    await t.cache.get('a', t.lookup())
    expect(t.lookups()).toBe(4)
  })

  it('a token that expires while cached is verified again at its expiry, not at the end of the period', async () => {
    const t = setup(5_000)
    await t.cache.get('h', t.lookup(t.found({ expiresAt: new Date(t.now() + 1_000) })))
    await settle()
    t.advance(999)
    await t.cache.get('h', t.lookup())
    expect(t.lookups()).toBe(1)
    t.advance(1)
    await expect(t.cache.get('h', t.lookup(new Error('expired')))).rejects.toThrow('expired')
    expect(t.lookups()).toBe(2)
  })

  it('holds at most maxEntries (the oldest goes); maxAge 0 caches nothing', async () => {
    const t = setup(5_000, 2)
    for (const hash of ['a', 'b', 'c']) await t.cache.get(hash, t.lookup())
    expect(t.cache.size).toBe(2)
    await t.cache.get('a', t.lookup())
    expect(t.lookups()).toBe(4)

    const off = setup(0)
    await off.cache.get('h', off.lookup())
    await off.cache.get('h', off.lookup())
    expect(off.lookups()).toBe(2)
    expect(off.cache.size).toBe(0)
  })
})
