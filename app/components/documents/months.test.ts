import { describe, expect, it } from 'vitest'
import { monthLabel, monthsBetween } from './months.ts'

describe('monthsBetween', () => {
  it('lists the months newest first, across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ])
  })
  it('is the one month when first is last, and stops at the cap', () => {
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02'])
    expect(monthsBetween('1990-01', '2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12'])
  })
  it('names months in UTC', () => {
    expect(monthLabel('2026-01')).toBe('January 2026')
  })
})
