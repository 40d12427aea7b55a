import { Link } from '@remix-run/react'
import { HistoryTable, type Column } from '#app/components/admin/user/history-table.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { formatCents, formatCount } from '#app/lib/format.ts'
import type { ReportTable } from '#server/services/reports/reports-csv.ts'
import { BarChart, type BarSeries } from './bar-chart.tsx'
import {
  PURPOSE_LABELS,
  SPENT_SERIES,
  STATUS_TONES,
  TOPUP_SERIES,
  axisMoney,
  lastDayOf,
  sum,
  topupDays,
  type Reports,
  type TopupDay,
} from './report-helpers.ts'
import { ReportSection, ReportTableSection } from './report-section.tsx'

/**
 * Money per UTC day: a bar chart of the series, and the same numbers as a table behind a
 * disclosure (for screen readers and exact figures), its last column the day's total.
 */
function PerDayMoneySection<Day extends { day: string }>({
  id,
  title,
  description,
  csvTable,
  range,
  chartDescription,
  series,
  days,
  values,
  columns,
  total,
}: {
  id: string
  title: string
  /** The summary under the heading, given the range's total cents. */
  description: (totalCents: number) => string
  csvTable: ReportTable
  range: Reports['range']
  /** What the bars show, e.g. "Custom credits spent per day". */
  chartDescription: string
  series: readonly BarSeries[]
  days: readonly Day[]
  /** Each series' cents on a day. */
  values: (day: Day) => Record<string, number>
  /** The table's columns between the day and its total. */
  columns: Array<Column<Day>>
  /** The last column: the day's total cents, summed in the footer. */
  total: { header: string; cents: (day: Day) => number }
}) {
  const totalCents = sum(days.map(total.cents))
  return (
    <ReportSection
      id={id}
      title={title}
      description={description(totalCents)}
      csv={{ table: csvTable, range }}
    >
      <Card>
        <BarChart
          title={`${title}, ${range.from} to ${lastDayOf(range)} (UTC)`}
          description={`${chartDescription}; ${formatCents(totalCents)} in total over ${days.length} days.`}
          series={series}
          data={days.map((day) => ({
            label: day.day,
            shortLabel: day.day.slice(5),
            values: values(day),
          }))}
          formatValue={axisMoney}
          testId={`chart-${id}`}
        />
      </Card>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-indigo-700">
          {title}: data table
        </summary>
        <div className="mt-3">
          <HistoryTable
            label={title}
            caption={title}
            columns={[
              {
                key: 'day',
                header: 'Day (UTC)',
                className: 'whitespace-nowrap',
                cell: (day) => day.day,
              },
              ...columns,
              {
                key: 'total',
                header: total.header,
                numeric: true,
                cell: (day) => formatCents(total.cents(day)),
              },
            ]}
            rows={days}
            rowKey={(day) => day.day}
            empty="No days in this range."
            totals={[formatCents(totalCents)]}
          />
        </div>
      </details>
    </ReportSection>
  )
}

export function TopupsSection({ report }: { report: Reports }) {
  const totalCount = sum(report.topupsPerDay.map((row) => row.count))
  return (
    <PerDayMoneySection
      id="topups"
      title="Top-ups per day"
      description={(totalCents) =>
        `${formatCount(totalCount)} completed ${totalCount === 1 ? 'top-up' : 'top-ups'}, ${formatCents(totalCents)} (refunded ones at their original amount).`
      }
      csvTable="topups-per-day"
      range={report.range}
      chartDescription="Amount of completed top-ups per day by purpose"
      series={TOPUP_SERIES}
      days={topupDays(report.topupsPerDay)}
      values={(day) =>
        Object.fromEntries(TOPUP_SERIES.map((s) => [s.key, day.byPurpose[s.key]?.amountCents ?? 0]))
      }
      columns={TOPUP_SERIES.flatMap(
        (s): Array<Column<TopupDay>> => [
          {
            key: `${s.key}-count`,
            header: `${s.label}: count`,
            numeric: true,
            cell: (day) => day.byPurpose[s.key]?.count ?? 0,
          },
          {
            key: `${s.key}-amount`,
            header: `${s.label}: amount`,
            numeric: true,
            cell: (day) => formatCents(day.byPurpose[s.key]?.amountCents ?? 0),
          },
        ],
      )}
      total={{ header: 'Total', cents: (day) => day.totalCents }}
    />
  )
}

export function SpentSection({ report }: { report: Reports }) {
  return (
    <PerDayMoneySection
      id="spent"
      title="Credits spent per day"
      description={(totalCents) =>
        `${formatCents(totalCents)} of custom credits spent on DNS plans (purchases, renewals, upgrades).`
      }
      csvTable="credits-spent-per-day"
      range={report.range}
      chartDescription="Custom credits spent per day"
      series={SPENT_SERIES}
      days={report.creditsSpentPerDay}
      values={(row) => ({ spent: row.amountCents })}
      columns={[]}
      total={{ header: 'Amount', cents: (row) => row.amountCents }}
    />
  )
}

export function RevenueSection({ report }: { report: Reports }) {
  const rows = report.dnsRevenuePerMonth
  const totalCents = sum(rows.map((row) => row.amountCents))
  return (
    <ReportTableSection
      id="dns-revenue"
      title="DNS revenue per month"
      description="DNS plan charges in the range, by UTC month and plan."
      csv={{ table: 'dns-revenue-per-month', range: report.range }}
      columns={[
        { key: 'month-utc', header: 'Month (UTC)', cell: (row) => row.month },
        { key: 'plan', header: 'Plan', cell: (row) => row.planName },
        {
          key: 'revenue',
          header: 'Revenue',
          numeric: true,
          cell: (row) => formatCents(row.amountCents),
        },
      ]}
      rows={rows}
      rowKey={(row) => `${row.month}|${row.planName}`}
      empty="No DNS plan charges in this range."
      totals={[formatCents(totalCents)]}
    />
  )
}

export function SubscriptionsSection({ report }: { report: Reports }) {
  const rows = report.activeSubscriptionsByPlan
  return (
    <ReportTableSection
      id="subscriptions"
      title="Active subscriptions by plan"
      description="Live DNS subscriptions as of now (not limited to the range)."
      csv={{ table: 'subscriptions-by-plan', range: report.range }}
      columns={[
        { key: 'plan', header: 'Plan', cell: (row) => row.planName },
        {
          key: 'active',
          header: 'Active',
          numeric: true,
          cell: (row) => formatCount(row.active),
        },
        {
          key: 'past-due',
          header: 'Past due',
          numeric: true,
          cell: (row) => formatCount(row.pastDue),
        },
      ]}
      rows={rows}
      rowKey={(row) => row.planName}
      empty="No DNS plans."
      totals={[
        formatCount(sum(rows.map((row) => row.active))),
        formatCount(sum(rows.map((row) => row.pastDue))),
      ]}
    />
  )
}

export function ProblemsSection({ report }: { report: Reports }) {
  const rows = report.failedAndRefundedPayments
  return (
    <ReportTableSection
      id="problem-payments"
      title="Failed and refunded payments"
      description="Top-ups that failed, were flagged, are in review, or were refunded or reversed, by the day of their last change (UTC)."
      csv={{ table: 'failed-and-refunded-payments', range: report.range }}
      columns={[
        { key: 'top-up', header: 'Top-up', cell: (row) => `#${row.id}` },
        {
          key: 'day-utc',
          header: 'Day (UTC)',
          cell: (row) => <span className="whitespace-nowrap">{row.day}</span>,
        },
        {
          key: 'user',
          header: 'User',
          cell: (row) => (
            <Link to={`/admin/users/${row.userId}`} className="text-indigo-600 hover:underline">
              {row.userEmail}
            </Link>
          ),
        },
        {
          key: 'purpose',
          header: 'Purpose',
          cell: (row) => PURPOSE_LABELS[row.purpose] ?? row.purpose,
        },
        {
          key: 'status',
          header: 'Status',
          cell: (row) => <Badge tone={STATUS_TONES[row.status]}>{row.status}</Badge>,
        },
        {
          key: 'amount',
          header: 'Amount',
          numeric: true,
          cell: (row) => formatCents(row.amountCents),
        },
        {
          key: 'refunded',
          header: 'Refunded',
          numeric: true,
          cell: (row) => (row.refundedCents > 0 ? formatCents(row.refundedCents) : '—'),
        },
        {
          key: 'reason',
          header: 'Reason',
          cell: (row) => <span className="break-words">{row.reason ?? '—'}</span>,
        },
      ]}
      rows={rows}
      rowKey={(row) => row.id}
      empty="No failed or refunded payments in this range."
    />
  )
}
