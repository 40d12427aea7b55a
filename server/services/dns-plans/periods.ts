/**
 * Billing periods and proration (ADR 006). Pure functions on UTC instants.
 *
 * A subscription's periods are calendar months anchored on the day of month it started:
 * each period ends on the anchor day of the next month at the same UTC time, clamped to the
 * last day of a shorter month. Jan 31 → Feb 28 (Feb 29 in a leap year) → Mar 31 → Apr 30.
 */

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
}

/** The instant one month after `from`, on `anchorDay` (clamped), keeping the time of day. */
export function addBillingMonth(from: Date, anchorDay: number): Date {
  const year = from.getUTCFullYear()
  const month = from.getUTCMonth() + 1
  const targetYear = year + Math.floor(month / 12)
  const targetMonth = month % 12
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

export function firstPeriod(start: Date): { start: Date; end: Date; anchorDay: number } {
  const anchorDay = start.getUTCDate()
  return { start, end: addBillingMonth(start, anchorDay), anchorDay }
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
