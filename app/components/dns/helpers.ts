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

/** "March 5, 2026": the UTC calendar day, as the server words period ends. */
export function formatDay(value: Date | string): string {
  return new Date(value).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' })
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

/** A UUID; falls back to getRandomValues where randomUUID is missing (plain-HTTP origins). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

type ErrorLike = {
  message?: string
  data?: { appCode?: string | null; details?: Record<string, unknown> | null } | null
}

/** The missing cents when a charge failed with INSUFFICIENT_CREDITS, else null. */
export function shortfallOf(error: unknown): number | null {
  const data = (error as ErrorLike | null)?.data
  if (data?.appCode !== 'INSUFFICIENT_CREDITS') return null
  const cents = data.details?.shortfallCents
  return typeof cents === 'number' && Number.isSafeInteger(cents) && cents > 0 ? cents : null
}

/** The server's message, or a connection hint when the request never got an answer. */
export function messageOf(error: unknown): string {
  const e = error as ErrorLike | null
  return e?.data
    ? (e.message ?? 'Something went wrong.')
    : 'Could not reach the server. Check your connection and try again.'
}
