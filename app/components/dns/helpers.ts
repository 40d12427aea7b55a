import { parseAppError } from '#app/lib/app-error.ts'
import { formatDate } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'

export type Plan = RouterOutputs['dnsPlans']['list'][number]
export type Subscription = NonNullable<RouterOutputs['dnsPlans']['mySubscription']>
export type ChangePreview = RouterOutputs['dnsPlans']['previewChange']

/** A subscription that still gives the user a plan (the server's LIVE_STATUSES). */
export function isLive<S extends { status: string }>(
  subscription: S | null | undefined,
): subscription is S & { status: 'active' | 'past_due' } {
  return subscription?.status === 'active' || subscription?.status === 'past_due'
}

/** The UTC calendar day a billing period ends on ("Mar 5, 2026"), as every page words dates. */
export function formatDay(value: Date | string): string {
  return formatDate(value)
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
}

/**
 * When a plan bought at `now` first renews: one calendar month later on the same UTC day,
 * clamped to a shorter month (mirrors firstPeriod in server/services/dns-plans/periods.ts,
 * which stays server-only; ADR 006).
 */
export function firstRenewalAt(now: Date): Date {
  const anchorDay = now.getUTCDate()
  const month = now.getUTCMonth() + 1
  const year = now.getUTCFullYear() + Math.floor(month / 12)
  const monthIndex = month % 12
  return new Date(
    Date.UTC(
      year,
      monthIndex,
      Math.min(anchorDay, daysInMonth(year, monthIndex)),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  )
}

/** The missing cents when a charge failed with INSUFFICIENT_CREDITS, else null. */
export function shortfallOf(error: unknown): number | null {
  const failure = parseAppError(error)
  const cents = failure.details?.shortfallCents
  return failure.code === 'INSUFFICIENT_CREDITS' &&
    typeof cents === 'number' &&
    Number.isSafeInteger(cents) &&
    cents > 0
    ? cents
    : null
}

/** The server's message, or a connection hint when the request never got an answer. */
export function messageOf(error: unknown): string {
  return parseAppError(error).message
}
