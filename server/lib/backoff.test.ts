import { describe, expect, it } from 'vitest'
import { backoffSeconds, retryWithBackoff } from './backoff.ts'

describe('backoffSeconds', () => {
  it('doubles from 30 s and caps at an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 3600, 3600])
  })
})

describe('retryWithBackoff', () => {
  it('tries again after growing, jittered, capped waits until the work succeeds', async () => {
    const waits: number[] = []
    const result = await retryWithBackoff(
      (attempt) =>
        attempt < 5 ? Promise.reject(new Error(`failure ${attempt}`)) : Promise.resolve(attempt),
      { firstDelayMs: 4, maxDelayMs: 16, onRetry: (_error, _n, delayMs) => waits.push(delayMs) },
    )
    expect(result).toBe(5)
    const ceilings = [4, 8, 16, 16]
    expect(waits).toHaveLength(4)
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(ceilings[i]! / 2)
      expect(wait).toBeLessThanOrEqual(ceilings[i]!)
    })
  })

  it('throws the last error after the allowed attempts', async () => {
    let calls = 0
    await expect(
      retryWithBackoff(() => Promise.reject(new Error(`failure ${++calls}`)), {
        attempts: 3,
        firstDelayMs: 1,
      }),
    ).rejects.toThrow('failure 3')
    expect(calls).toBe(3)
  })

  it('stops waiting as soon as the signal aborts, with the last error', async () => {
    const stop = new AbortController()
    const started = Date.now()
    const retrying = retryWithBackoff(() => Promise.reject(new Error('still failing')), {
      firstDelayMs: 60_000,
      signal: stop.signal,
    })
    setTimeout(() => stop.abort(), 20)
    await expect(retrying).rejects.toThrow('still failing')
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
