import { z } from 'zod'
import { AppError } from '#server/errors.ts'

/** Turns a zod failure into the field map every error response carries. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    // A bad array element is reported on its field ("type", not "type.0").
    const path = [...issue.path]
    while (path.length > 0 && typeof path.at(-1) === 'number') path.pop()
    const key = path.length > 0 ? path.join('.') : '_'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrorsOf(error)
  const summary = Object.entries(fields)
    .map(([field, messages]) => (field === '_' ? messages[0] : `${field}: ${messages[0]}`))
    .join('; ')
  return new AppError('VALIDATION_FAILED', `Invalid input. ${summary}`, { fields, cause: error })
}

/** Parses untrusted input with a schema; failures become a 400 naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw validationError(result.error)
  return result.data
}

/*
 * Building blocks for every input schema (tRPC inputs, REST bodies and query strings, page
 * URL params, forms). Each refuses, with a message, what PostgreSQL would refuse with an
 * error (a 500): numbers beyond the column type, dates it cannot store, NUL in text. Limits
 * are arguments, so these never read the environment.
 */

/** A client-chosen key that makes a mutation safe to repeat (8–200 URL-safe characters). */
export const ZIdempotencyKey = z
  .string()
  .min(8, 'Idempotency key must be 8 to 200 characters')
  .max(200, 'Idempotency key must be 8 to 200 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'Idempotency key may only contain letters, digits and . _ : -')

/** The largest value of a PostgreSQL `integer` column (2^31−1). */
export const PG_INTEGER_MAX = 2_147_483_647

/**
 * A whole number in [min, max], sent as a JSON number or as decimal digits (URL params and
 * form fields are text). Nothing else is coerced: not "1e3", "0x10", booleans or "".
 */
export function zInt(limits: { min: number; max: number; message?: string }) {
  const message = limits.message ?? `Must be a whole number from ${limits.min} to ${limits.max}`
  return z
    .union(
      [
        z.number({ error: message }),
        z
          .string({ error: message })
          .trim()
          .regex(/^-?\d{1,30}$/, message),
      ],
      { error: message },
    )
    .transform(Number)
    .pipe(z.number().int(message).min(limits.min, message).max(limits.max, message))
}

/** The id of a row in a table whose key is an `integer` column (1..2^31−1); also its cursors. */
export function zId(message = `Must be an id: a whole number from 1 to ${PG_INTEGER_MAX}`) {
  return zInt({ min: 1, max: PG_INTEGER_MAX, message })
}

/**
 * The id of a row whose key is a `bigint` column (1..2^53−1: ids travel as JS numbers, and
 * beyond 2^53 two ids would read as the same number).
 */
export function zBigId(
  message = `Must be an id: a whole number from 1 to ${Number.MAX_SAFE_INTEGER}`,
) {
  return zInt({ min: 1, max: Number.MAX_SAFE_INTEGER, message })
}

export type DateRange = { min: string; max: string }

/**
 * The days the app accepts anywhere: PostgreSQL stores far more, but JavaScript writes a year
 * beyond 9999 as "+010000-…", which PostgreSQL refuses, and nothing here predates 1970.
 */
export const SUPPORTED_DATES: DateRange = { min: '1970-01-01', max: '9999-12-31' }

const DAY_MS = 24 * 60 * 60 * 1000
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** Whether text is a bare date ("2026-01-31"), whether or not that day exists. */
export function isCalendarDateText(text: string): boolean {
  return CALENDAR_DATE.test(text)
}

/** "2026-01-31" → that day's UTC midnight; null for a day not on the calendar or outside the range. */
export function parseCalendarDate(text: string, range: DateRange = SUPPORTED_DATES): Date | null {
  if (!CALENDAR_DATE.test(text) || text < range.min || text > range.max) return null
  const date = new Date(`${text}T00:00:00Z`)
  // 2026-02-30 parses as March 2: a day that does not exist does not survive the round trip.
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? date : null
}

/** The last instant of the range's last day. */
export function endOfRange(range: DateRange = SUPPORTED_DATES): Date {
  return new Date(Date.parse(`${range.max}T00:00:00Z`) + DAY_MS - 1)
}

/**
 * A date, an ISO date-time with an offset ("2026-01-31T12:00:00Z"), or a Date, within the
 * range; null otherwise (including days not on the calendar).
 */
export function parseInstant(
  value: string | Date,
  range: DateRange = SUPPORTED_DATES,
): Date | null {
  let date: Date | null
  if (value instanceof Date) date = value
  else if (CALENDAR_DATE.test(value)) return parseCalendarDate(value, range)
  else {
    const match = ISO_DATE_TIME.exec(value)
    date =
      match && parseCalendarDate(match[1]!, { min: '0000-01-01', max: '9999-12-31' })
        ? new Date(value)
        : null
  }
  if (!date || Number.isNaN(date.getTime())) return null
  const time = date.getTime()
  return time >= Date.parse(`${range.min}T00:00:00Z`) && time <= endOfRange(range).getTime()
    ? date
    : null
}

/**
 * An optional 'YYYY-MM-DD' day that exists, within the range, as its UTC midnight. Blank
 * counts as missing (a GET form submits an empty input as "").
 */
export function zCalendarDate(options: { range?: DateRange; message?: string } = {}) {
  const range = options.range ?? SUPPORTED_DATES
  const message =
    options.message ?? `Enter a date like 2026-01-31, from ${range.min} to ${range.max}`
  return z
    .string({ error: message })
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined
      const date = parseCalendarDate(text.trim(), range)
      if (date) return date
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    })
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
// Tabs and line breaks are text in a multi-line field; NUL and the rest never are.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/

/**
 * Trimmed text of at most `max` characters without control characters (PostgreSQL refuses
 * NUL in text; the others corrupt logs, CSV exports and terminals). `multiline` allows tabs
 * and line breaks. `label` starts each message ("Name must …").
 */
export function zText(options: { label: string; max: number; min?: number; multiline?: boolean }) {
  const { label, max, min = 0, multiline = false } = options
  const tooShort =
    min <= 1 ? `${label} is required` : `${label} must be ${min} to ${max} characters`
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .min(min, tooShort)
    .max(
      max,
      min > 1
        ? `${label} must be ${min} to ${max} characters`
        : `${label} must be at most ${max} characters`,
    )
    .refine(
      (text) => !(multiline ? CONTROL_CHARACTERS_BUT_LAYOUT : CONTROL_CHARACTERS).test(text),
      multiline
        ? `${label} must not contain control characters (tabs and line breaks are fine)`
        : `${label} must not contain control characters`,
    )
}
