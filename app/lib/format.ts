/**
 * THE formatting module for pages: money, token counts and dates, the same everywhere.
 * Browser-safe (no server imports beyond the pure money helpers).
 *
 * Dates: the server cannot know the viewer's time zone, so server-rendered HTML shows UTC and
 * names it; `<LocalTime>` (app/components/ui/local-time.tsx) re-renders in the browser's zone
 * after hydration, so server and client markup agree on the first render.
 */
import { centsToDecimal, formatCents } from '#server/lib/money.ts'

export { centsToDecimal }

/** Integer cents → "$1,234.56"; negative → "-$5.00". */
export const formatMoney: (cents: number) => string = formatCents
/** @deprecated the old name of formatMoney. */
export { formatCents }

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** 1000 → "1,000" (always grouped, whole numbers). */
export function formatCount(value: number): string {
  return GROUPED.format(value)
}

/** 1000 → "1,000 tokens"; 1 → "1 token"; -50 → "-50 tokens". */
export function formatTokens(tokens: number): string {
  return `${formatCount(tokens)} ${Math.abs(tokens) === 1 ? 'token' : 'tokens'}`
}

/** `count` and the right form of the noun: plural(1, 'entry', 'entries') → "1 entry". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`
}

export const SERVER_TIME_ZONE = 'UTC'

export type DateInput = Date | string | number

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value)
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(key)
  if (!format) dateTimeFormats.set(key, (format = make()))
  return format
}

/**
 * The zone's short name at that instant: "CET", "EST", "UTC"; "GMT+5:30" where no
 * abbreviation is common. en-US knows the American abbreviations, en-GB the European ones.
 */
export function timeZoneName(value: DateInput, timeZone: string): string {
  const date = toDate(value)
  let name = ''
  for (const locale of ['en-US', 'en-GB']) {
    const parts = cachedFormat(
      `zone:${locale}:${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }),
    ).formatToParts(date)
    name = parts.find((part) => part.type === 'timeZoneName')?.value ?? name
    if (!name.startsWith('GMT')) return name
  }
  return name
}

/** "Nov 30, 2026, 14:05 CET" — 24-hour clock, the zone always named. */
export function formatDateTime(value: DateInput, timeZone: string = SERVER_TIME_ZONE): string {
  const date = toDate(value)
  if (Number.isNaN(date.getTime())) return '—'
  const text = cachedFormat(
    `datetime:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ).format(date)
  return `${text} ${timeZoneName(date, timeZone)}`
}

/** "Nov 30, 2026": the day in `timeZone` (UTC by default, as for billing periods). */
export function formatDate(value: DateInput, timeZone: string = SERVER_TIME_ZONE): string {
  const date = toDate(value)
  if (Number.isNaN(date.getTime())) return '—'
  return cachedFormat(
    `date:${timeZone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium' }),
  ).format(date)
}

/** The browser's zone ("Europe/Berlin"); UTC where it cannot be read. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || SERVER_TIME_ZONE
  } catch {
    return SERVER_TIME_ZONE
  }
}
