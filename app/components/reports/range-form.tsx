import { Form, Link, useNavigation } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import type { Reports } from './report-helpers.ts'

/** The report's date range as a GET form (the range lives in the URL), with quick presets. */
export function RangeForm({
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
          description="First day included."
        />
        <Field
          label="To (UTC, exclusive)"
          name="to"
          type="date"
          defaultValue={errors ? (asked.to ?? '') : report.range.to}
          errors={errors?.to}
          description="First day not included."
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
