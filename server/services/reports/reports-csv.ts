import type { DbOrTx } from '#db/client.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import {
  activeSubscriptionsByPlan,
  creditsSpentPerDay,
  dnsRevenuePerMonth,
  failedAndRefundedPayments,
  topupsPerDay,
} from './build-reports.ts'
import { dayOf, type ReportRange } from './range.ts'

/** The report tables that can be downloaded, as they appear in /admin/reports/<table>.csv. */
export const REPORT_TABLES = [
  'topups-per-day',
  'credits-spent-per-day',
  'dns-revenue-per-month',
  'subscriptions-by-plan',
  'failed-and-refunded-payments',
] as const
export type ReportTable = (typeof REPORT_TABLES)[number]

export function isReportTable(value: string): value is ReportTable {
  return (REPORT_TABLES as readonly string[]).includes(value)
}

/**
 * text: free text (emails, reasons, names), defused against spreadsheet formulas.
 * money: integer cents as decimal text ("-12.34"), integer: counts. Neither is defused:
 * a leading minus there is a number, not a formula.
 */
type Kind = 'text' | 'money' | 'integer'
type Column<R> = readonly [header: string, kind: Kind, value: (row: R) => string | number | null]

function cell(kind: Kind, value: string | number | null): string {
  if (value === null) return ''
  if (kind === 'money') return centsToDecimal(Number(value))
  if (kind === 'integer') return String(value)
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function toCsv<R>(columns: ReadonlyArray<Column<R>>, rows: readonly R[]): string {
  const lines = [columns.map(([header]) => header).join(',')]
  for (const row of rows)
    lines.push(columns.map(([, kind, value]) => cell(kind, value(row))).join(','))
  return `${lines.join('\n')}\n`
}

/** One report table as CSV text (money as decimal USD, days in UTC). */
export async function exportReportCsv(
  db: DbOrTx,
  table: ReportTable,
  range: ReportRange,
): Promise<string> {
  switch (table) {
    case 'topups-per-day':
      return toCsv(
        [
          ['day_utc', 'text', (r) => r.day],
          ['purpose', 'text', (r) => r.purpose],
          ['count', 'integer', (r) => r.count],
          ['amount_usd', 'money', (r) => r.amountCents],
        ],
        await topupsPerDay(db, range),
      )
    case 'credits-spent-per-day':
      return toCsv(
        [
          ['day_utc', 'text', (r) => r.day],
          ['amount_usd', 'money', (r) => r.amountCents],
        ],
        await creditsSpentPerDay(db, range),
      )
    case 'dns-revenue-per-month':
      return toCsv(
        [
          ['month_utc', 'text', (r) => r.month],
          ['plan', 'text', (r) => r.planName],
          ['amount_usd', 'money', (r) => r.amountCents],
        ],
        await dnsRevenuePerMonth(db, range),
      )
    case 'subscriptions-by-plan':
      return toCsv(
        [
          ['plan', 'text', (r) => r.planName],
          ['active', 'integer', (r) => r.active],
          ['past_due', 'integer', (r) => r.pastDue],
        ],
        await activeSubscriptionsByPlan(db),
      )
    case 'failed-and-refunded-payments':
      return toCsv(
        [
          ['topup_id', 'integer', (r) => r.id],
          ['day_utc', 'text', (r) => r.day],
          ['user_email', 'text', (r) => r.userEmail],
          ['purpose', 'text', (r) => r.purpose],
          ['status', 'text', (r) => r.status],
          ['amount_usd', 'money', (r) => r.amountCents],
          ['refunded_usd', 'money', (r) => r.refundedCents],
          ['reason', 'text', (r) => r.reason],
        ],
        await failedAndRefundedPayments(db, range),
      )
  }
}

/** "topups-per-day-2026-01-01-to-2026-01-31.csv" (the last day included). */
export function reportCsvFilename(table: ReportTable, range: ReportRange): string {
  const lastDay = dayOf(new Date(range.to.getTime() - 1))
  return `${table}-${dayOf(range.from)}-to-${lastDay}.csv`
}
