import type { BillingCycle } from '#db/schema/index.ts'

/**
 * Billing periods and proration (ADR 006, ADR 024). Pure functions on UTC instants.
 *
 * A service's periods are whole calendar months (1, 3 or 12 by cycle) anchored on the day of
 * month it started: each period ends on the anchor day at the same UTC time, clamped to the
 * last day of a shorter month. Monthly from Jan 31: → Feb 28 (29 in a leap year) → Mar 31.
 */
export const CYCLE_MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 }

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
}

/** The instant `months` months after `from`, on `anchorDay` (clamped), keeping the time of day. */
export function addBillingMonths(from: Date, anchorDay: number, months: number): Date {
  const total = from.getUTCMonth() + months
  const targetYear = from.getUTCFullYear() + Math.floor(total / 12)
  const targetMonth = ((total % 12) + 12) % 12
  const day = Math.min(anchorDay, daysInMonth(targetYear, targetMonth))
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  )
}

/** One month on (the DNS plans' original helper). */
export function addBillingMonth(from: Date, anchorDay: number): Date {
  return addBillingMonths(from, anchorDay, 1)
}

export function periodEndAfter(start: Date, anchorDay: number, cycle: BillingCycle): Date {
  return addBillingMonths(start, anchorDay, CYCLE_MONTHS[cycle])
}

export function firstPeriod(
  start: Date,
  cycle: BillingCycle = 'monthly',
): { start: Date; end: Date; anchorDay: number } {
  const anchorDay = start.getUTCDate()
  return { start, end: periodEndAfter(start, anchorDay, cycle), anchorDay }
}

/**
 * The upgrade charge: the price difference for the exact remaining share of the period,
 * in whole seconds, on what was actually paid, rounded half up to the cent, and at least
 * one cent while any of the period is left (a more expensive plan is never free). Integer
 * arithmetic only (BigInt), so the preview and the charge agree to the cent.
 */
export function prorateUpgrade(input: {
  pricePaidCents: number
  newPriceCents: number
  periodStart: Date
  periodEnd: Date
  now: Date
}): { amountCents: number; secondsLeft: number; periodSeconds: number } {
  const periodSeconds = Math.floor((input.periodEnd.getTime() - input.periodStart.getTime()) / 1000)
  const secondsLeft = Math.max(
    0,
    Math.min(periodSeconds, Math.floor((input.periodEnd.getTime() - input.now.getTime()) / 1000)),
  )
  const difference = BigInt(input.newPriceCents - input.pricePaidCents)
  if (difference <= 0n || periodSeconds <= 0) return { amountCents: 0, secondsLeft, periodSeconds }
  // round(difference × left / length) with halves rounded up: (2·d·left + length) / (2·length)
  const numerator = 2n * difference * BigInt(secondsLeft) + BigInt(periodSeconds)
  const amount = numerator / (2n * BigInt(periodSeconds))
  const atLeastOneCent = secondsLeft > 0 && amount === 0n ? 1n : amount
  return { amountCents: Number(atLeastOneCent), secondsLeft, periodSeconds }
}
