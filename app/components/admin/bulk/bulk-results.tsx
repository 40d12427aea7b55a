import { Link } from '@remix-run/react'
import { useEffect, type RefObject } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { plural } from '#app/lib/format.ts'
import { cn } from '#app/lib/utils.ts'
import { HistoryTable, type Column } from '../user/history-table.tsx'
import { downloadCsv, resultsCsv } from './bulk-files.ts'
import type { Refusal, Results } from './bulk-state.ts'

type Row = Results['rows'][number]

const STATUS_TONE = { applied: 'green', replayed: 'slate', failed: 'red' } as const

const COLUMNS: Array<Column<Row>> = [
  { key: 'line', header: 'Line', numeric: true, cell: (row) => row.line },
  {
    key: 'user',
    header: 'User',
    cell: (row) => (
      <>
        <Link
          to={`/admin/users/${row.user.id}/credits`}
          className="font-medium text-indigo-700 hover:underline"
        >
          {row.user.name}
        </Link>
        <div className="text-xs text-slate-600">{row.email}</div>
      </>
    ),
  },
  {
    key: 'amount',
    header: 'Amount',
    numeric: true,
    cell: (row) => (
      <span className={row.action === 'add' ? 'text-emerald-700' : 'text-rose-700'}>
        {row.action === 'add' ? '+' : '−'}
        {row.amount.formatted}
      </span>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (row) => (
      <Badge tone={STATUS_TONE[row.status]}>
        {row.status === 'replayed' ? 'already applied' : row.status}
      </Badge>
    ),
  },
  { key: 'entry', header: 'Entry', numeric: true, cell: (row) => row.entryId ?? '—' },
  {
    key: 'balance',
    header: 'Balance after',
    numeric: true,
    cell: (row) => (
      <span className={cn(row.balanceAfter && row.balanceAfter.cents < 0 && 'text-rose-700')}>
        {row.balanceAfter?.formatted ?? '—'}
      </span>
    ),
  },
  {
    key: 'details',
    header: 'Details',
    className: 'min-w-[12rem] max-w-sm space-y-1 break-words',
    cell: (row) => (
      <>
        {row.error ? <p className="font-medium text-rose-700">{row.error}</p> : null}
        {row.note ? <p className="text-slate-700">{row.note}</p> : null}
        {row.warning ? <p className="text-amber-800">{row.warning}</p> : null}
      </>
    ),
  },
]

/** What an apply did, row by row; focus lands on it (the preview and its dialog are gone). */
export function BulkResults({
  results,
  applying,
  onRetry,
  heading,
}: {
  results: Results
  applying: boolean
  onRetry: () => void
  /** Also where the apply dialog sends focus back: its Apply button is gone with the preview. */
  heading: RefObject<HTMLHeadingElement>
}) {
  const { summary } = results
  useEffect(() => heading.current?.focus(), [heading, results.batch.id])
  return (
    <section aria-labelledby="bulk-results-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2
            id="bulk-results-heading"
            ref={heading}
            tabIndex={-1}
            className="text-lg font-semibold"
          >
            Results
          </h2>
          <p className="text-sm text-slate-600" data-testid="bulk-results-summary">
            Batch #{results.batch.id} · {summary.applied} applied · {summary.replayed} already
            applied before · {summary.failed} failed
          </p>
        </div>
        <div className="flex flex-wrap gap-3">
          {summary.failed > 0 ? (
            <Button
              variant="secondary"
              onClick={onRetry}
              pending={applying}
              pendingLabel="Retrying…"
            >
              Retry {plural(summary.failed, 'failed row')}
            </Button>
          ) : null}
          <Button
            variant="secondary"
            onClick={() =>
              downloadCsv(resultsCsv(results), `bulk-credits-batch-${results.batch.id}-results.csv`)
            }
          >
            Download results (CSV)
          </Button>
        </div>
      </div>
      {summary.failed > 0 ? (
        <Alert tone="error">
          {plural(summary.failed, 'row was', 'rows were')} not applied. Retrying applies only those:
          rows already applied are never applied twice.
        </Alert>
      ) : summary.applied === 0 ? (
        <Alert tone="info">
          Every row had already been applied: nothing was changed this time. Each row says where and
          when.
        </Alert>
      ) : (
        <Alert tone="success">
          {plural(summary.applied, 'adjustment')} applied
          {summary.replayed > 0 ? ` (${summary.replayed} had been applied before)` : ''}.
        </Alert>
      )}
      <HistoryTable
        label="Results rows"
        columns={COLUMNS}
        rows={results.rows}
        rowKey={(row) => row.line}
        rowProps={(row) => ({ className: cn(row.status === 'failed' && 'bg-rose-50') })}
        empty="No rows."
      />
    </section>
  )
}

/** Why an apply did not go through (a 409 lists the rows that changed since the preview). */
export function BulkApplyError({ refusal }: { refusal: Refusal }) {
  return (
    <Alert tone="error" title={refusal.message}>
      {refusal.problems.length > 0 ? (
        <ul className="list-disc pl-5">
          {refusal.problems.slice(0, 20).map((problem) => (
            <li key={problem.line}>
              Line {problem.line} ({problem.email || 'no email'}): {problem.problem}
            </li>
          ))}
          {refusal.problems.length > 20 ? (
            <li>…and {refusal.problems.length - 20} more (see the table below)</li>
          ) : null}
        </ul>
      ) : null}
    </Alert>
  )
}
