import { describe, expect, it } from 'vitest'
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatTokens,
  plural,
  timeZoneName,
} from './format.ts'

describe('format', () => {
  it('money: cents with a dollar sign, grouped, minus before the sign', () => {
    expect(formatMoney(123456)).toBe('$1,234.56')
    expect(formatMoney(-500)).toBe('-$5.00')
    expect(formatMoney(0)).toBe('$0.00')
    expect(formatMoney(7)).toBe('$0.07')
  })

  it('tokens and counts: always grouped', () => {
    expect(formatTokens(1000)).toBe('1,000 tokens')
    expect(formatTokens(1)).toBe('1 token')
    expect(formatTokens(-2500)).toBe('-2,500 tokens')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(1200, 'add')).toBe('1,200 adds')
  })

  const instant = '2026-11-30T13:05:00Z'

  it('date-times: 24-hour clock in the given zone, the zone named', () => {
    expect(formatDateTime(instant)).toBe('Nov 30, 2026, 13:05 UTC')
    expect(formatDateTime(instant, 'Europe/Berlin')).toBe('Nov 30, 2026, 14:05 CET')
    expect(formatDateTime(instant, 'America/New_York')).toBe('Nov 30, 2026, 08:05 EST')
    // Summer time is named too.
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('Jul 1, 2026, 14:00 CEST')
    // No common abbreviation: the offset.
    expect(formatDateTime(instant, 'Asia/Kolkata')).toBe('Nov 30, 2026, 18:35 GMT+5:30')
    // The day changes with the zone.
    expect(formatDateTime(instant, 'Pacific/Kiritimati')).toMatch(/^Dec 1, 2026, 03:05 /)
    expect(formatDateTime(new Date('2026-11-30T00:00:00Z'))).toBe('Nov 30, 2026, 00:00 UTC')
  })

  it('dates: the day, in UTC unless told; nonsense shows a dash', () => {
    expect(formatDate(instant)).toBe('Nov 30, 2026')
    expect(formatDate('2026-11-30T23:30:00Z', 'Asia/Tokyo')).toBe('Dec 1, 2026')
    expect(formatDate('not a date')).toBe('—')
    expect(formatDateTime('not a date')).toBe('—')
  })

  it('names zones', () => {
    expect(timeZoneName(instant, 'UTC')).toBe('UTC')
    expect(timeZoneName(instant, 'Europe/London')).toBe('GMT')
  })
})
