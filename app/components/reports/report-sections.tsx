import { Link } from '@remix-run/react'
import type { ComponentProps, ReactNode } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { formatCents, formatCount } from '#app/lib/format.ts'
import { BarChart, type BarDatum } from './bar-chart.tsx'
import {
  PURPOSE_LABELS,
  SPENT_SERIES,
  STATUS_TONES,
  TOPUP_SERIES,
  axisMoney,
  csvHref,
  lastDayOf,
  sum,
  topupDays,
  type Reports,
  type TopupDay,
} from './report-helpers.ts'
import { DataTable, ReportSection, type ReportColumn } from './report-table.tsx'

/** A chart, and its numbers as a table behind a disclosure (for screen readers and exact figures). */
function ChartWithTable({
  chart,
  tableTitle,
  children,
}: {
  chart: ComponentProps<typeof BarChart>
  tableTitle: string
  children: ReactNode
}) {
  return (
    <>
      <Card>
        <BarChart {...chart} />
      </Card>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-indigo-700">
          {tableTitle}: data table
        </summary>
        <div className="mt-3">{children}</div>
      </details>
    </>
  )
}

export function TopupsSection({ report }: { report: Reports }) {
  const days = topupDays(report.topupsPerDay)
  const totalCents = sum(days.map((day) => day.totalCents))
  const totalCount = sum(report.topupsPerDay.map((row) => row.count))
  const data: BarDatum[] = days.map((day) => ({
    label: day.day,
    shortLabel: day.day.slice(5),
    values: Object.fromEntries(
      TOPUP_SERIES.map((s) => [s.key, day.byPurpose[s.key]?.amountCents ?? 0]),
    ),
  }))
  const columns: ReportColumn<TopupDay>[] = [
    { header: 'Day (UTC)', render: (day) => <span className="whitespace-nowrap">{day.day}</span> },
    ...TOPUP_SERIES.flatMap((s): ReportColumn<TopupDay>[] => [
      {
        header: `${s.label}: count`,
        align: 'right',
        render: (day) => day.byPurpose[s.key]?.count ?? 0,
      },
      {
        header: `${s.label}: amount`,
        align: 'right',
        render: (day) => formatCents(day.byPurpose[s.key]?.amountCents ?? 0),
      },
    ]),
    { header: 'Total', align: 'right', render: (day) => formatCents(day.totalCents) },
  ]
  return (
    <ReportSection
      id="topups"
      title="Top-ups per day"
      description={`${formatCount(totalCount)} completed ${totalCount === 1 ? 'top-up' : 'top-ups'}, ${formatCents(totalCents)} (refunded ones at their original amount).`}
      csvHref={csvHref('topups-per-day', report.range)}
    >
      <ChartWithTable
        tableTitle="Top-ups per day"
        chart={{
          title: `Top-ups per day, ${report.range.from} to ${lastDayOf(report.range)} (UTC)`,
          description: `Amount of completed top-ups per day by purpose; ${formatCents(totalCents)} in total over ${days.length} days.`,
          series: TOPUP_SERIES,
          data,
          formatValue: axisMoney,
          testId: 'chart-topups',
        }}
      >
        <DataTable
          caption="Top-ups per day"
          columns={columns}
          rows={days}
          rowKey={(day) => day.day}
          empty="No days in this range."
          totals={[formatCents(totalCents)]}
        />
      </ChartWithTable>
    </ReportSection>
  )
}

export function SpentSection({ report }: { report: Reports }) {
  const rows = report.creditsSpentPerDay
  const totalCents = sum(rows.map((row) => row.amountCents))
  return (
    <ReportSection
      id="spent"
      title="Credits spent per day"
      description={`${formatCents(totalCents)} of custom credits spent on DNS plans (purchases, renewals, upgrades).`}
      csvHref={csvHref('credits-spent-per-day', report.range)}
    >
      <ChartWithTable
        tableTitle="Credits spent per day"
        chart={{
          title: `Credits spent per day, ${report.range.from} to ${lastDayOf(report.range)} (UTC)`,
          description: `Custom credits spent per day; ${formatCents(totalCents)} in total over ${rows.length} days.`,
          series: SPENT_SERIES,
          data: rows.map((row) => ({
            label: row.day,
            shortLabel: row.day.slice(5),
            values: { spent: row.amountCents },
          })),
          formatValue: axisMoney,
          testId: 'chart-spent',
        }}
      >
        <DataTable
          caption="Credits spent per day"
          columns={[
            { header: 'Day (UTC)', render: (row) => row.day },
            { header: 'Amount', align: 'right', render: (row) => formatCents(row.amountCents) },
          ]}
          rows={rows}
          rowKey={(row) => row.day}
          empty="No days in this range."
          totals={[formatCents(totalCents)]}
        />
      </ChartWithTable>
    </ReportSection>
  )
}

export function RevenueSection({ report }: { report: Reports }) {
  const rows = report.dnsRevenuePerMonth
  const totalCents = sum(rows.map((row) => row.amountCents))
  return (
    <ReportSection
      id="dns-revenue"
      title="DNS revenue per month"
      description="DNS plan charges in the range, by UTC month and plan."
      csvHref={csvHref('dns-revenue-per-month', report.range)}
    >
      <DataTable
        caption="DNS revenue per month"
        columns={[
          { header: 'Month (UTC)', render: (row) => row.month },
          { header: 'Plan', render: (row) => row.planName },
          { header: 'Revenue', align: 'right', render: (row) => formatCents(row.amountCents) },
        ]}
        rows={rows}
        rowKey={(row) => `${row.month}|${row.planName}`}
        empty="No DNS plan charges in this range."
        totals={[formatCents(totalCents)]}
      />
    </ReportSection>
  )
}

export function SubscriptionsSection({ report }: { report: Reports }) {
  const rows = report.activeSubscriptionsByPlan
  return (
    <ReportSection
      id="subscriptions"
      title="Active subscriptions by plan"
      description="Live DNS subscriptions as of now (not limited to the range)."
      csvHref={csvHref('subscriptions-by-plan', report.range)}
    >
      <DataTable
        caption="Active subscriptions by plan"
        columns={[
          { header: 'Plan', render: (row) => row.planName },
          { header: 'Active', align: 'right', render: (row) => formatCount(row.active) },
          {
            header: 'Past due',
            align: 'right',
            render: (row) => formatCount(row.pastDue),
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
    </ReportSection>
  )
}

export function ProblemsSection({ report }: { report: Reports }) {
  const rows = report.failedAndRefundedPayments
  return (
    <ReportSection
      id="problem-payments"
      title="Failed and refunded payments"
      description="Top-ups that failed, were flagged, are in review, or were refunded or reversed, by the day of their last change (UTC)."
      csvHref={csvHref('failed-and-refunded-payments', report.range)}
    >
      <DataTable
        caption="Failed and refunded payments"
        columns={[
          { header: 'Top-up', render: (row) => `#${row.id}` },
          {
            header: 'Day (UTC)',
            render: (row) => <span className="whitespace-nowrap">{row.day}</span>,
          },
          {
            header: 'User',
            render: (row) => (
              <Link to={`/admin/users/${row.userId}`} className="text-indigo-600 hover:underline">
                {row.userEmail}
              </Link>
            ),
          },
          { header: 'Purpose', render: (row) => PURPOSE_LABELS[row.purpose] ?? row.purpose },
          {
            header: 'Status',
            render: (row) => <Badge tone={STATUS_TONES[row.status]}>{row.status}</Badge>,
          },
          { header: 'Amount', align: 'right', render: (row) => formatCents(row.amountCents) },
          {
            header: 'Refunded',
            align: 'right',
            render: (row) => (row.refundedCents > 0 ? formatCents(row.refundedCents) : '—'),
          },
          {
            header: 'Reason',
            render: (row) => <span className="break-words">{row.reason ?? '—'}</span>,
          },
        ]}
        rows={rows}
        rowKey={(row) => row.id}
        empty="No failed or refunded payments in this range."
      />
    </ReportSection>
  )
}
