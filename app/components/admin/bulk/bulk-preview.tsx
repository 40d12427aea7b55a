import { Link } from '@remix-run/react'
import { useState, type RefObject } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { plural } from '#app/lib/format.ts'
import { cn } from '#app/lib/utils.ts'
import { HistoryTable, type Column } from '../user/history-table.tsx'
import { ReasonConfirmDialog } from '../user/reason-confirm-dialog.tsx'
import {
  AppliedBeforeCell,
  AppliedBeforeNotice,
  applyAgainOf,
  rowsToApply,
  totalsOfRows,
  type ApplyAgain,
} from './bulk-replays.tsx'
import type { Preview } from './bulk-state.ts'

type Row = Preview['rows'][number]

function totalsSentence(totals: Preview['totals']): string {
  return (
    `${plural(totals.adds.count, 'add')} totalling ${totals.adds.amount.formatted}, ` +
    `${plural(totals.removals.count, 'removal')} totalling ${totals.removals.amount.formatted}`
  )
}

function columns(
  chosen: ReadonlySet<string>,
  onToggle: (fingerprint: string, on: boolean) => void,
): Array<Column<Row>> {
  return [
    { key: 'line', header: 'Line', numeric: true, cell: (row) => row.line },
    {
      key: 'email',
      header: 'Email',
      className: 'max-w-[14rem] break-words',
      cell: (row) => row.email || '—',
    },
    {
      key: 'user',
      header: 'User',
      className: 'whitespace-nowrap',
      cell: (row) =>
        row.user ? (
          <Link
            to={`/admin/users/${row.user.id}/credits`}
            className="font-medium text-indigo-700 hover:underline"
          >
            {row.user.name}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      key: 'action',
      header: 'Action',
      cell: (row) =>
        row.action ? (
          <Badge tone={row.action === 'add' ? 'green' : 'amber'}>{row.action}</Badge>
        ) : (
          '—'
        ),
    },
    {
      key: 'amount',
      header: 'Amount',
      numeric: true,
      cell: (row) =>
        row.amount ? `${row.action === 'remove' ? '−' : ''}${row.amount.formatted}` : '—',
    },
    {
      key: 'reason',
      header: 'Reason',
      className: 'min-w-[10rem] max-w-xs break-words',
      cell: (row) => row.reason || '—',
    },
    {
      key: 'problem',
      header: 'Problem',
      className: 'max-w-sm break-words font-medium text-rose-700',
      cell: (row) => row.problem ?? '',
    },
    {
      key: 'before',
      header: 'Applied before',
      className: 'min-w-[14rem]',
      cell: (row) => (
        <AppliedBeforeCell
          row={row}
          chosen={row.fingerprint !== null && chosen.has(row.fingerprint)}
          onToggle={onToggle}
        />
      ),
    },
  ]
}

/** The dry run's answer: every row checked, what applying would post, and the Apply button. */
export function BulkPreview({
  preview,
  stale,
  applying,
  onApply,
  resultsHeading,
}: {
  preview: Preview
  stale: boolean
  applying: boolean
  onApply: (applyAgain: ApplyAgain) => Promise<void>
  /** Where focus goes once applied: the results replace this preview and its Apply button. */
  resultsHeading: RefObject<HTMLElement>
}) {
  const [onlyProblems, setOnlyProblems] = useState(false)
  const [confirming, setConfirming] = useState(false)
  // Fingerprints of applied-before rows the admin chose to apply again.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const rows = onlyProblems ? preview.rows.filter((row) => row.problem !== null) : preview.rows
  const problemRows = preview.rows.filter((row) => row.problem !== null).length
  const toApply = rowsToApply(preview, chosen)
  const toApplyTotals = totalsOfRows(toApply)
  const canApply = preview.ok && !stale && toApply.length > 0

  function toggle(fingerprint: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current)
      if (on) next.add(fingerprint)
      else next.delete(fingerprint)
      return next
    })
  }

  return (
    <section aria-labelledby="bulk-preview-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h2 id="bulk-preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          <p className="break-words text-sm text-slate-600">
            {plural(preview.rowCount, 'row')} · {totalsSentence(preview.totals)} ·{' '}
            <span className="font-mono text-xs" title="Identifies this file's contents">
              file {preview.fileHash}
            </span>
          </p>
        </div>
        <Button
          disabled={!canApply}
          pending={applying}
          pendingLabel="Applying…"
          onClick={() => setConfirming(true)}
        >
          Apply
        </Button>
      </div>
      <ReasonConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        returnFocusTo={resultsHeading}
        title={`Apply ${plural(toApply.length, 'adjustment')}?`}
        confirmLabel={`Apply ${plural(toApply.length, 'row')}`}
        pendingLabel="Applying…"
        description={
          <>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-600">Adds</dt>
              <dd className="font-medium tabular-nums" data-testid="bulk-confirm-adds">
                {toApplyTotals.adds}
              </dd>
              <dt className="text-slate-600">Removals</dt>
              <dd className="font-medium tabular-nums" data-testid="bulk-confirm-removals">
                {toApplyTotals.removals}
              </dd>
            </dl>
            {toApply.length < preview.rows.length ? (
              <p>
                {plural(preview.rows.length - toApply.length, 'row was', 'rows were')} applied
                before and will be skipped.
              </p>
            ) : null}
            {toApplyTotals.hasRemovals ? (
              <p className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
                Removals may leave a balance negative: the user then owes it.
              </p>
            ) : null}
            <p>
              Each row is its own transaction and is recorded with your name. If anything fails,
              applying the same file again retries only what did not go through.
            </p>
          </>
        }
        onConfirm={async () => {
          await onApply(applyAgainOf(preview, chosen))
          return null
        }}
      />

      {stale ? (
        <Alert tone="info">The CSV changed since this preview: preview it again to apply.</Alert>
      ) : null}
      {preview.fileProblems.length > 0 ? (
        <Alert tone="error" title="This file can't be applied:">
          <ul className="list-disc pl-5">
            {preview.fileProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {problemRows > 0 ? (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
          <Alert tone="error" className="sm:flex-1">
            {plural(problemRows, 'row has a problem', 'rows have problems')}: fix the file and
            preview it again. Nothing is applied while any row has a problem.
          </Alert>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={onlyProblems}
              onChange={(event) => setOnlyProblems(event.target.checked)}
            />
            Show only rows with problems
          </label>
        </div>
      ) : preview.ok ? (
        <Alert tone="success">Every row checks out. Review the table, then apply.</Alert>
      ) : null}
      {preview.ok ? (
        <AppliedBeforeNotice
          preview={preview}
          chosen={chosen}
          onChoose={(fingerprints) => setChosen(new Set(fingerprints))}
        />
      ) : null}
      {preview.rows.length > 0 ? (
        <HistoryTable
          label="Preview rows"
          columns={columns(chosen, toggle)}
          rows={rows}
          rowKey={(row) => row.line}
          rowProps={(row) => ({
            className: cn(row.problem && 'bg-rose-50'),
            'aria-invalid': row.problem ? true : undefined,
          })}
          empty="No rows."
        />
      ) : null}
      {preview.rowCount > preview.rows.length ? (
        <p className="text-sm text-slate-600">
          Rows after line {preview.rows.at(-1)?.line ?? 1} are not shown.
        </p>
      ) : null}
    </section>
  )
}
