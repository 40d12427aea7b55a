import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { TRPCError } from '@trpc/server'
import { BarChart, type BarDatum, type BarSeries } from '#app/components/reports/bar-chart.tsx'
import {
  DataTable,
  ReportSection,
  type ReportColumn,
} from '#app/components/reports/report-table.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { formatCents } from '#app/lib/money.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
import type { ReportTable } from '#server/services/reports/reports-csv.ts'

export const meta: MetaFunction = () => [{ title: 'Reports · Admin · SkyPANEL' }]

type Reports = RouterOutputs['admin']['reports']['get']
type ProblemPayment = Reports['failedAndRefundedPayments'][number]

const DAY_MS = 24 * 60 * 60 * 1000
const PRESETS = [7, 30, 90, 365] as const

/** A blank field is "use the default" (a GET form submits empty inputs as ""). */
function param(url: URL, name: string): string | undefined {
  return url.searchParams.get(name)?.trim() || undefined
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const asked = { from: param(url, 'from'), to: param(url, 'to') }
  const caller = await serverCaller(request, context)
  const { report, errors } = await callOrThrow(request, async () => {
    try {
      return { report: await caller.admin.reports.get(asked), errors: null }
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') throw error
      // A bad range: say so on the field, and show the default window meanwhile.
      const cause = error.cause as { fields?: Record<string, string[]> } | undefined
      return {
        report: await caller.admin.reports.get({}),
        errors: cause?.fields ?? { _: [error.message] },
      }
    }
  })
  const tomorrow = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS)
  const presets = PRESETS.map((days) => ({
    days,
    from: new Date(tomorrow.getTime() - days * DAY_MS).toISOString().slice(0, 10),
    to: tomorrow.toISOString().slice(0, 10),
  }))
  return json({ report, errors, asked, presets })
}

/* Helpers ------------------------------------------------------------------------------------ */

const PURPOSE_LABELS: Record<string, string> = {
  custom_credits: 'Custom credits',
  virtfusion_tokens: 'VirtFusion tokens',
}

const STATUS_TONES: Record<ProblemPayment['status'], 'slate' | 'red' | 'amber'> = {
  failed: 'slate',
  flagged: 'red',
  review: 'red',
  refunded: 'amber',
  reversed: 'amber',
}

const TOPUP_SERIES: readonly BarSeries[] = [
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
const SPENT_SERIES: readonly BarSeries[] = [
  {
    key: 'spent',
    label: 'Credits spent',
    fillClass: 'fill-emerald-500',
    swatchClass: 'bg-emerald-500',
  },
]

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/** "$1,234" on the axis when the cents are zero, "$12.34" otherwise. */
function axisMoney(cents: number): string {
  const text = formatCents(cents)
  return cents % 100 === 0 ? text.slice(0, -3) : text
}

function lastDayOf(range: Reports['range']): string {
  return new Date(Date.parse(`${range.to}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10)
}

function csvHref(table: ReportTable, range: Reports['range']): string {
  return `/admin/reports/${table}.csv?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`
}

type TopupDay = {
  day: string
  byPurpose: Record<string, { count: number; amountCents: number }>
  totalCents: number
}

function topupDays(rows: Reports['topupsPerDay']): TopupDay[] {
  const days = new Map<string, TopupDay>()
  for (const row of rows) {
    const day = days.get(row.day) ?? { day: row.day, byPurpose: {}, totalCents: 0 }
    day.byPurpose[row.purpose] = { count: row.count, amountCents: row.amountCents }
    day.totalCents += row.amountCents
    days.set(row.day, day)
  }
  return [...days.values()]
}

function Total({ cents }: { cents: number }) {
  return <span className="tabular-nums">{formatCents(cents)}</span>
}

/* Sections ------------------------------------------------------------------------------------ */

function RangeForm({
  report,
  errors,
  asked,
  presets,
}: {
  report: Reports
  errors: Record<string, string[]> | null
  asked: { from?: string; to?: string }
  presets: { days: number; from: string; to: string }[]
}) {
  const navigation = useNavigation()
  const loading =
    navigation.state === 'loading' && navigation.location.pathname === '/admin/reports'
  const key = `${asked.from ?? ''}|${asked.to ?? ''}|${report.range.from}|${report.range.to}`
  return (
    <Card>
      <Form
        method="get"
        key={key}
        className="flex flex-wrap items-start gap-4"
        aria-label="Report range"
      >
        <Field
          label="From (UTC)"
          name="from"
          type="date"
          defaultValue={errors ? (asked.from ?? '') : report.range.from}
          errors={errors?.from}
          hint="First day included."
        />
        <Field
          label="To (UTC, exclusive)"
          name="to"
          type="date"
          defaultValue={errors ? (asked.to ?? '') : report.range.to}
          errors={errors?.to}
          hint="First day not included."
        />
        <div className="pt-6">
          <Button type="submit" disabled={loading} aria-busy={loading || undefined}>
            Show report
          </Button>
        </div>
      </Form>
      <nav aria-label="Report presets" className="mt-4 flex flex-wrap gap-3 text-sm">
        {presets.map((preset) => (
          <Link
            key={preset.days}
            to={`?from=${preset.from}&to=${preset.to}`}
            className="font-medium text-indigo-600 hover:underline"
          >
            Last {preset.days} days
          </Link>
        ))}
      </nav>
      {errors?._ ? (
        <Alert tone="error" className="mt-4">
          {errors._.join(' ')}
        </Alert>
      ) : null}
      {errors ? (
        <Alert tone="info" className="mt-4">
          That range could not be used; showing the last 30 days instead.
        </Alert>
      ) : null}
    </Card>
  )
}

function OutstandingCards({ outstanding }: { outstanding: Reports['creditsOutstanding'] }) {
  const cards = [
    {
      label: 'Net credits outstanding',
      value: formatCents(outstanding.totalCents),
      note: 'Sum of every balance',
      testId: 'kpi-total',
      negative: outstanding.totalCents < 0,
    },
    {
      label: 'Held by users',
      value: formatCents(outstanding.positiveCents),
      note: `${outstanding.usersWithBalance.toLocaleString('en-US')} ${outstanding.usersWithBalance === 1 ? 'user' : 'users'} with a balance`,
      testId: 'kpi-positive',
      negative: false,
    },
    {
      label: 'Owed by users',
      value: formatCents(outstanding.owedCents),
      note: `${outstanding.usersOwing.toLocaleString('en-US')} ${outstanding.usersOwing === 1 ? 'user' : 'users'} below zero`,
      testId: 'kpi-owed',
      negative: outstanding.owedCents > 0,
    },
  ]
  return (
    <section aria-labelledby="outstanding-heading" className="space-y-3">
      <h2 id="outstanding-heading" className="text-lg font-semibold">
        Credits outstanding <span className="text-sm font-normal text-slate-500">(as of now)</span>
      </h2>
      <dl className="grid gap-4 sm:grid-cols-3">
        {cards.map((card) => (
          <Card key={card.testId} className="p-5">
            <dt className="text-sm font-medium text-slate-500">{card.label}</dt>
            <dd
              className={cn(
                'mt-1 text-2xl font-bold tabular-nums',
                card.negative ? 'text-rose-700' : 'text-slate-900',
              )}
              data-testid={card.testId}
            >
              {card.value}
            </dd>
            <dd className="mt-1 text-xs text-slate-500">{card.note}</dd>
          </Card>
        ))}
      </dl>
    </section>
  )
}

function TopupsSection({ report }: { report: Reports }) {
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
      description={`${totalCount.toLocaleString('en-US')} completed ${totalCount === 1 ? 'top-up' : 'top-ups'}, ${formatCents(totalCents)} (refunded ones at their original amount).`}
      csvHref={csvHref('topups-per-day', report.range)}
    >
      <Card>
        <BarChart
          title={`Top-ups per day, ${report.range.from} to ${lastDayOf(report.range)} (UTC)`}
          description={`Amount of completed top-ups per day by purpose; ${formatCents(totalCents)} in total over ${days.length} days.`}
          series={TOPUP_SERIES}
          data={data}
          formatValue={axisMoney}
          testId="chart-topups"
        />
      </Card>
      <details className="group">
        <summary className="cursor-pointer text-sm font-medium text-indigo-600">
          Top-ups per day: data table
        </summary>
        <div className="mt-3">
          <DataTable
            caption="Top-ups per day"
            columns={columns}
            rows={days}
            rowKey={(day) => day.day}
            empty="No days in this range."
            footer={
              <tr>
                <th scope="row" className="px-4 py-2 text-left" colSpan={columns.length - 1}>
                  Total
                </th>
                <td className="px-4 py-2 text-right">
                  <Total cents={totalCents} />
                </td>
              </tr>
            }
          />
        </div>
      </details>
    </ReportSection>
  )
}

function SpentSection({ report }: { report: Reports }) {
  const rows = report.creditsSpentPerDay
  const totalCents = sum(rows.map((row) => row.amountCents))
  return (
    <ReportSection
      id="spent"
      title="Credits spent per day"
      description={`${formatCents(totalCents)} of custom credits spent on DNS plans (purchases, renewals, upgrades).`}
      csvHref={csvHref('credits-spent-per-day', report.range)}
    >
      <Card>
        <BarChart
          title={`Credits spent per day, ${report.range.from} to ${lastDayOf(report.range)} (UTC)`}
          description={`Custom credits spent per day; ${formatCents(totalCents)} in total over ${rows.length} days.`}
          series={SPENT_SERIES}
          data={rows.map((row) => ({
            label: row.day,
            shortLabel: row.day.slice(5),
            values: { spent: row.amountCents },
          }))}
          formatValue={axisMoney}
          testId="chart-spent"
        />
      </Card>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-indigo-600">
          Credits spent per day: data table
        </summary>
        <div className="mt-3">
          <DataTable
            caption="Credits spent per day"
            columns={[
              { header: 'Day (UTC)', render: (row) => row.day },
              { header: 'Amount', align: 'right', render: (row) => formatCents(row.amountCents) },
            ]}
            rows={rows}
            rowKey={(row) => row.day}
            empty="No days in this range."
            footer={
              <tr>
                <th scope="row" className="px-4 py-2 text-left">
                  Total
                </th>
                <td className="px-4 py-2 text-right">
                  <Total cents={totalCents} />
                </td>
              </tr>
            }
          />
        </div>
      </details>
    </ReportSection>
  )
}

function RevenueSection({ report }: { report: Reports }) {
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
        footer={
          rows.length > 0 ? (
            <tr>
              <th scope="row" className="px-4 py-2 text-left" colSpan={2}>
                Total
              </th>
              <td className="px-4 py-2 text-right">
                <Total cents={totalCents} />
              </td>
            </tr>
          ) : null
        }
      />
    </ReportSection>
  )
}

function SubscriptionsSection({ report }: { report: Reports }) {
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
          { header: 'Active', align: 'right', render: (row) => row.active.toLocaleString('en-US') },
          {
            header: 'Past due',
            align: 'right',
            render: (row) => row.pastDue.toLocaleString('en-US'),
          },
        ]}
        rows={rows}
        rowKey={(row) => row.planName}
        empty="No DNS plans."
        footer={
          rows.length > 0 ? (
            <tr>
              <th scope="row" className="px-4 py-2 text-left">
                Total
              </th>
              <td className="px-4 py-2 text-right tabular-nums">
                {sum(rows.map((row) => row.active)).toLocaleString('en-US')}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">
                {sum(rows.map((row) => row.pastDue)).toLocaleString('en-US')}
              </td>
            </tr>
          ) : null
        }
      />
    </ReportSection>
  )
}

function ProblemsSection({ report }: { report: Reports }) {
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

export default function AdminReports() {
  const { report, errors, asked, presets } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold">Reports</h1>
        <p className="mt-1 text-sm text-slate-600">
          {report.range.from} through {lastDayOf(report.range)} (UTC). All amounts in USD.
        </p>
      </div>
      <RangeForm report={report} errors={errors} asked={asked} presets={presets} />
      <OutstandingCards outstanding={report.creditsOutstanding} />
      <TopupsSection report={report} />
      <SpentSection report={report} />
      <RevenueSection report={report} />
      <SubscriptionsSection report={report} />
      <ProblemsSection report={report} />
    </div>
  )
}
