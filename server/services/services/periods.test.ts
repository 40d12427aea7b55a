import { describe, expect, it } from 'vitest'
import { firstPeriod, periodEndAfter } from './periods.ts'

const at = (iso: string) => new Date(iso)

describe('billing cycles', () => {
  it('monthly, quarterly and yearly periods are 1, 3 and 12 anchored months', () => {
    const start = at('2027-01-31T10:00:00Z')
    expect(firstPeriod(start, 'monthly').end.toISOString()).toBe('2027-02-28T10:00:00.000Z')
    expect(firstPeriod(start, 'quarterly').end.toISOString()).toBe('2027-04-30T10:00:00.000Z')
    expect(firstPeriod(start, 'yearly').end.toISOString()).toBe('2028-01-31T10:00:00.000Z')
  })

  it('keeps the anchor day across short months: a quarterly run from Nov 30', () => {
    let end = at('2027-11-30T00:00:00Z')
    const ends: string[] = []
    for (let i = 0; i < 4; i++) {
      end = periodEndAfter(end, 30, 'quarterly')
      ends.push(end.toISOString().slice(0, 10))
    }
    expect(ends).toEqual(['2028-02-29', '2028-05-30', '2028-08-30', '2028-11-30'])
  })

  it('a yearly period from Feb 29 ends on Feb 28, and on Feb 29 again in the next leap year', () => {
    const first = firstPeriod(at('2028-02-29T08:00:00Z'), 'yearly')
    expect(first.end.toISOString()).toBe('2029-02-28T08:00:00.000Z')
    let end = first.end
    for (let i = 0; i < 3; i++) end = periodEndAfter(end, first.anchorDay, 'yearly')
    expect(end.toISOString()).toBe('2032-02-29T08:00:00.000Z')
  })
})
