import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { OutstandingCards } from '#app/components/reports/outstanding-cards.tsx'
import { RangeForm } from '#app/components/reports/range-form.tsx'
import { lastDayOf } from '#app/components/reports/report-helpers.ts'
import {
  ProblemsSection,
  RevenueSection,
  SpentSection,
  SubscriptionsSection,
  TopupsSection,
} from '#app/components/reports/report-sections.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Reports · Admin · SkyPANEL' }]

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
      const parsed = parseAppError(error)
      if (parsed.status !== 400) throw error
      // A bad range: say so on the field, and show the default window meanwhile.
      return {
        report: await caller.admin.reports.get({}),
        errors: parsed.fieldErrors ?? { _: parsed.message },
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
