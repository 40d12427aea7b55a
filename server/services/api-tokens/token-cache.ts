/**
 * Verified API tokens reused for a short, fixed time, keyed by the token's hash, so a script
 * calling the API does not cost a database lookup per request (issue #15).
 *
 * The bound: an entry is verified against the database when it is made and never extended,
 * so whatever ends a token elsewhere (a revocation on another process, the owner's
 * deactivation or role change) is seen by every process at most `maxAgeMs` later. A revocation
 * through this process forgets the entry at once. Failures are not kept: an unknown token asks
 * the database every time, and guessing cannot fill the cache.
 */
export type VerifiedToken = {
  tokenId: number
  userId: number
  /** Checked on every use, so a token expiring while it is cached stops at its expiry. */
  expiresAt: Date | null
}

type Entry<T> = { until: number; found: Promise<T>; verified?: VerifiedToken }

export type TokenCache<T> = {
  /** The cached verification of `tokenHash`, or a fresh one through `lookup`. */
  get(tokenHash: string, lookup: () => Promise<T>): Promise<T>
  /** Drops the entries of one token, or of every token one user holds. */
  forget(match: { tokenId: number } | { userId: number }): void
  readonly size: number
}

export function createTokenCache<T>(options: {
  maxAgeMs: number
  maxEntries?: number
  describe: (found: T) => VerifiedToken
  now?: () => number
}): TokenCache<T> {
  const { maxAgeMs, describe } = options
  const maxEntries = options.maxEntries ?? 10_000
  const now = options.now ?? Date.now
  const entries = new Map<string, Entry<T>>()

  function expired(verified: VerifiedToken): boolean {
    return verified.expiresAt !== null && verified.expiresAt.getTime() <= now()
  }

  return {
    async get(tokenHash, lookup) {
      let entry = entries.get(tokenHash)
      if (entry && (entry.until <= now() || (entry.verified && expired(entry.verified)))) {
        entries.delete(tokenHash)
        entry = undefined
      }
      if (entry) return entry.found
      const fresh: Entry<T> = { until: now() + maxAgeMs, found: lookup() }
      if (maxAgeMs <= 0) return fresh.found
      // Concurrent first uses share one lookup. Insertion order is age order: the oldest goes.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(tokenHash, fresh)
      fresh.found.then(
        (found) => {
          fresh.verified = describe(found)
        },
        () => {
          if (entries.get(tokenHash) === fresh) entries.delete(tokenHash)
        },
      )
      return fresh.found
    },
    forget(match) {
      for (const [hash, entry] of entries) {
        // A lookup still under way may have read the row before the change: drop it too.
        const hit =
          !entry.verified ||
          ('tokenId' in match
            ? entry.verified.tokenId === match.tokenId
            : entry.verified.userId === match.userId)
        if (hit) entries.delete(hash)
      }
    },
    get size() {
      return entries.size
    },
  }
}
