import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'
import { formatCents } from '#app/lib/format.ts'
import type { ReportTable } from '#server/services/reports/reports-csv.ts'
import type { BarSeries } from './bar-chart.tsx'

export type Reports = Wire<RouterOutputs['admin']['reports']['get']>
export type ProblemPayment = Reports['failedAndRefundedPayments'][number]

const DAY_MS = 24 * 60 * 60 * 1000

export const PURPOSE_LABELS: Record<string, string> = {
  custom_credits: 'Custom credits',
  virtfusion_tokens: 'VirtFusion tokens',
}

export const STATUS_TONES: Record<ProblemPayment['status'], 'slate' | 'red' | 'amber'> = {
  failed: 'slate',
  flagged: 'red',
  review: 'red',
  refunded: 'amber',
  reversed: 'amber',
}

export const TOPUP_SERIES: readonly BarSeries[] = [
  {
    key: 'custom_credits',
    label: 'Custom credits',
    fillClass: 'fill-indigo-500',
    swatchClass: 'bg-indigo-500',
  },
  {
    key: 'virtfusion_tokens',
    label: 'VirtFusion tokens',
    fillClass: 'fill-sky-400',
    swatchClass: 'bg-sky-400',
  },
]
export const SPENT_SERIES: readonly BarSeries[] = [
  {
    key: 'spent',
    label: 'Credits spent',
    fillClass: 'fill-emerald-500',
    swatchClass: 'bg-emerald-500',
  },
]

export const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/** "$1,234" on the axis when the cents are zero, "$12.34" otherwise. */
export function axisMoney(cents: number): string {
  const text = formatCents(cents)
  return cents % 100 === 0 ? text.slice(0, -3) : text
}

export function lastDayOf(range: Reports['range']): string {
  return new Date(Date.parse(`${range.to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)
}

export function csvHref(table: ReportTable, range: Reports['range']): string {
  return `/admin/reports/${table}.csv?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`
}

export type TopupDay = {
  day: string
  byPurpose: Record<string, { count: number; amountCents: number }>
  totalCents: number
}

export function topupDays(rows: Reports['topupsPerDay']): TopupDay[] {
  const days = new Map<string, TopupDay>()
  for (const row of rows) {
    const day = days.get(row.day) ?? { day: row.day, byPurpose: {}, totalCents: 0 }
    day.byPurpose[row.purpose] = { count: row.count, amountCents: row.amountCents }
    day.totalCents += row.amountCents
    days.set(row.day, day)
  }
  return [...days.values()]
}
