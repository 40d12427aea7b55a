import { seededRandom } from '#tests/helpers/random.ts'

/**
 * The simulator's randomness: mulberry32 (tests/helpers/random.ts) plus the few helpers
 * the operation generator needs. Every random choice of a run comes from one of these, so
 * a seed replays the same sequence of operations.
 */
export type Rng = ReturnType<typeof createRng>

export function createRng(seed: number) {
  const base = seededRandom(seed)
  const chance = (p: number) => base.next() < p
  return {
    ...base,
    chance,
    /** An item chosen with probability proportional to its weight. */
    weighted<T>(items: readonly (readonly [T, number])[]): T {
      const total = items.reduce((sum, [, w]) => sum + w, 0)
      let roll = base.next() * total
      for (const [item, weight] of items) {
        roll -= weight
        if (roll < 0) return item
      }
      return items[items.length - 1]![0]
    },
    /** An item, or undefined for an empty list (one draw either way, so replays stay aligned). */
    maybePick<T>(items: readonly T[]): T | undefined {
      const roll = base.next()
      return items.length === 0 ? undefined : items[Math.floor(roll * items.length)]
    },
  }
}

/** splitmix32-style mixing: well-spread uint32 seeds from a base seed and a run index. */
export function deriveSeed(baseSeed: number, index: number): number {
  let z = (baseSeed + Math.imul(index + 1, 0x9e3779b9)) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}
