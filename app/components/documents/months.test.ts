import { describe, expect, it } from 'vitest'
import { monthLabel, monthsBetween, utcMonthOf } from './months.ts'

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
  it('names months and reads UTC', () => {
    expect(monthLabel('2026-01')).toBe('January 2026')
    expect(utcMonthOf('2026-01-31T23:59:59.999Z')).toBe('2026-01')
    expect(utcMonthOf(new Date('2026-02-01T00:00:00Z'))).toBe('2026-02')
  })
})
