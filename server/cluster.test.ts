import { describe, expect, it } from 'vitest'
import { restartDelayMs } from './cluster.ts'

describe('restartDelayMs', () => {
  it('waits half a second after one quick death, doubling up to 30 s', () => {
    expect([0, 1, 2, 3, 4].map(restartDelayMs)).toEqual([500, 500, 1000, 2000, 4000])
    expect(restartDelayMs(7)).toBe(30_000)
    expect(restartDelayMs(50)).toBe(30_000)
  })
})
