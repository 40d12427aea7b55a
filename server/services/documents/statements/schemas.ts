import { z } from 'zod'
import { ZUserId } from '#server/services/users/fields.ts'

/*
 * Statement inputs. No env, no database, no server-only imports: the statement picker on the
 * credits pages validates the month with this same schema in the browser.
 */

/** A calendar month in UTC, `YYYY-MM` (2000-01 to 9999-12). */
export const ZStatementMonth = z
  .string({ error: 'Month is required, as YYYY-MM' })
  .trim()
  .regex(/^[2-9]\d{3}-(0[1-9]|1[0-2])$/, 'Month must be written YYYY-MM, e.g. 2026-11')

export const ZStatementInput = z.object({ month: ZStatementMonth })
export const ZAdminStatementInput = z.object({ userId: ZUserId, month: ZStatementMonth })

export type TStatementMonth = z.output<typeof ZStatementMonth>

/** The month's first instant and the next month's first instant (UTC, end exclusive). */
export function monthRange(month: TStatementMonth): { start: Date; end: Date } {
  const year = Number(month.slice(0, 4))
  const index = Number(month.slice(5, 7)) - 1
  return { start: new Date(Date.UTC(year, index, 1)), end: new Date(Date.UTC(year, index + 1, 1)) }
}

/** The UTC month `date` falls in, as `YYYY-MM`. */
export function monthOf(date: Date): TStatementMonth {
  return date.toISOString().slice(0, 7)
}

/** "2026-01" → "January 2026". */
export function monthTitle(month: TStatementMonth): string {
  return monthRange(month).start.toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}
