import { Form, Link, useNavigation } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import type { Reports } from './report-helpers.ts'

const RANGE_FIELDS = [
  { name: 'from', label: 'From (UTC)', description: 'First day included.' },
  { name: 'to', label: 'To (UTC, exclusive)', description: 'First day not included.' },
] as const

/** The report's date range as a GET form (the range lives in the URL), with quick presets. */
export function RangeForm({
  report,
  errors,
  asked,
  presets,
}: {
  report: Reports
  errors: Record<string, string> | null
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
        {RANGE_FIELDS.map((field) => (
          <Field
            key={field.name}
            type="date"
            {...field}
            // After a refused range, the text as typed, so it can be corrected.
            defaultValue={errors ? (asked[field.name] ?? '') : report.range[field.name]}
            errors={errors?.[field.name]}
          />
        ))}
        <div className="pt-6">
          <Button type="submit" pending={loading} pendingLabel="Loading…">
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
          {errors._}
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
