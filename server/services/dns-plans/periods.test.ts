import { describe, expect, it } from 'vitest'
import { addBillingMonth, firstPeriod, prorateUpgrade } from './periods.ts'

const at = (iso: string) => new Date(iso)

describe('billing periods', () => {
  it('keeps the anchor day and clamps it to short months, leap years included', () => {
    let period = firstPeriod(at('2027-01-31T10:00:00Z'))
    const ends: string[] = []
    for (let i = 0; i < 4; i++) {
      ends.push(period.end.toISOString())
      period = {
        start: period.end,
        end: addBillingMonth(period.end, period.anchorDay),
        anchorDay: period.anchorDay,
      }
    }
    expect(ends).toEqual([
      '2027-02-28T10:00:00.000Z',
      '2027-03-31T10:00:00.000Z',
      '2027-04-30T10:00:00.000Z',
      '2027-05-31T10:00:00.000Z',
    ])
    expect(addBillingMonth(at('2028-01-31T00:00:00Z'), 31).toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    )
  })

  it('rolls over the year', () => {
    expect(addBillingMonth(at('2026-12-15T08:30:00Z'), 15).toISOString()).toBe(
      '2027-01-15T08:30:00.000Z',
    )
  })
})

describe('prorateUpgrade', () => {
  const period = { periodStart: at('2027-04-01T00:00:00Z'), periodEnd: at('2027-05-01T00:00:00Z') } // 30 days

  it('charges the difference for the exact remaining share', () => {
    // Half the period left: (1500 - 500) / 2 = 500
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 500,
        newPriceCents: 1500,
        now: at('2027-04-16T00:00:00Z'),
      }).amountCents,
    ).toBe(500)
    // A third left of $35.00 difference: 1166.67 → 1167
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 1500,
        newPriceCents: 5000,
        now: at('2027-04-21T00:00:00Z'),
      }).amountCents,
    ).toBe(1167)
  })

  it('rounds half up, never charges for a downgrade, and is bounded by the period', () => {
    // difference 1 cent with exactly half the period left → 0.5 → 1
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 500,
        newPriceCents: 501,
        now: at('2027-04-16T00:00:00Z'),
      }).amountCents,
    ).toBe(1)
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 1500,
        newPriceCents: 500,
        now: at('2027-04-16T00:00:00Z'),
      }).amountCents,
    ).toBe(0)
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 500,
        newPriceCents: 1500,
        now: at('2027-03-01T00:00:00Z'),
      }).amountCents,
    ).toBe(1000)
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 500,
        newPriceCents: 1500,
        now: at('2027-06-01T00:00:00Z'),
      }).amountCents,
    ).toBe(0)
  })

  it('charges at least a cent while any of the period is left', () => {
    // $10.00 difference with 10 minutes of 30 days left: 0.23 cents → 1 cent, not $0.
    expect(
      prorateUpgrade({
        ...period,
        pricePaidCents: 500,
        newPriceCents: 1500,
        now: at('2027-04-30T23:50:00Z'),
      }),
    ).toEqual({ amountCents: 1, secondsLeft: 600, periodSeconds: 30 * 86400 })
  })
})
