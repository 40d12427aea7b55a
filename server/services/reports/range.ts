import { z } from 'zod'
import { AppError } from '#server/errors.ts'
import { SUPPORTED_DATES, zCalendarDate } from '#server/lib/validation.ts'

/**
 * The reporting window: whole UTC days, `from` inclusive and `to` exclusive, at most
 * MAX_RANGE_DAYS long; by default the last DEFAULT_RANGE_DAYS days including today.
 */

export const DAY_MS = 24 * 60 * 60 * 1000
export const MAX_RANGE_DAYS = 366
export const DEFAULT_RANGE_DAYS = 30

export type ReportRange = { from: Date; to: Date }

/** The UTC day of an instant as "YYYY-MM-DD". */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** The UTC midnight at or before an instant. */
export function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS)
}

/** Fills in what is missing: `to` defaults to tomorrow (so today is included), `from` to 30 days before `to`. */
export function resolveRange(input: { from?: Date; to?: Date }, now = new Date()): ReportRange {
  const to = input.to ?? new Date(startOfDay(now).getTime() + DAY_MS)
  const from = input.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS)
  return { from, to }
}

/** What is wrong with a range, on the field to correct, or null. */
export function rangeProblem(range: ReportRange): { field: 'from' | 'to'; message: string } | null {
  if (Number.isNaN(range.from.getTime())) return { field: 'from', message: 'from is not a date' }
  if (Number.isNaN(range.to.getTime())) return { field: 'to', message: 'to is not a date' }
  if (range.from.getTime() >= range.to.getTime())
    return { field: 'to', message: 'to must be after from (to is exclusive)' }
  if (range.to.getTime() - range.from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    return {
      field: 'from',
      message: `The range can be at most ${MAX_RANGE_DAYS} days; move from closer to to`,
    }
  return null
}

/** Throws VALIDATION_FAILED naming the field when the range is unusable. */
export function assertRange(range: ReportRange): void {
  const problem = rangeProblem(range)
  if (problem)
    throw new AppError('VALIDATION_FAILED', `Invalid input. ${problem.field}: ${problem.message}`, {
      fields: { [problem.field]: [problem.message] },
    })
}

const zDay = (field: 'from' | 'to') =>
  zCalendarDate({
    message: `${field} must be a date like 2026-01-31, from ${SUPPORTED_DATES.min} to ${SUPPORTED_DATES.max}`,
  })

/**
 * Report filters as 'YYYY-MM-DD' strings (tRPC, the page's query string, the CSV export).
 * An empty string counts as missing, so a GET form with a blank field uses the default.
 */
export const ZReportsInput = z
  .object({ from: zDay('from'), to: zDay('to') })
  .transform((value, ctx): ReportRange => {
    const range = resolveRange(value)
    const problem = rangeProblem(range)
    if (problem) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
      return z.NEVER
    }
    return range
  })
