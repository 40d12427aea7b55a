import { describe, expect, it } from 'vitest'
import { backoffSeconds } from './backoff.ts'

describe('backoffSeconds', () => {
  it('doubles from 30 s and caps at an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(backoffSeconds)).toEqual([30, 60, 120, 240, 3600, 3600])
  })
})
