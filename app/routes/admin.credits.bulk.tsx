import * as AlertDialog from '@radix-ui/react-alert-dialog'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { useMutation } from '@tanstack/react-query'
import { useId, useRef, useState, type ChangeEvent } from 'react'
import {
  AppliedBeforeCell,
  AppliedBeforeNotice,
  applyAgainOf,
  rowsToApply,
  totalsOfRows,
  type ApplyAgain,
} from '#app/components/admin/bulk-replays.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { formatCents } from '#app/lib/money.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
// Pure helpers (no Node APIs, no server modules): safe in the browser bundle.
import {
  BULK_MAX_BYTES,
  BULK_MAX_ROWS,
  bulkResultsToCsv,
} from '#server/services/credits/bulk-csv.ts'

export const meta: MetaFunction = () => [{ title: 'Bulk credits · Admin · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return null
}

type BulkOutput = RouterOutputs['admin']['customCredits']['bulkAdjust']
type Preview = Extract<BulkOutput, { kind: 'preview' }>
type Results = Extract<BulkOutput, { kind: 'results' }>
type ResultRow = Results['rows'][number]
type Refusal = {
  message: string
  problems: Array<{ line: number; email: string; problem: string }>
}

const TEMPLATE =
  'email,amount,reason,action\r\n' +
  'alice@example.com,25.00,Spring promotion,add\r\n' +
  'bob@example.com,10.50,"Refund of duplicate charge, ticket #123",remove\r\n'

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function resultsCsv(results: Results): string {
  return bulkResultsToCsv(
    results.rows.map((row) => ({
      line: row.line,
      email: row.email,
      action: row.action,
      amountCents: row.amount.cents,
      reason: row.reason,
      status: row.status,
      entryId: row.entryId,
      balanceAfterCents: row.balanceAfter?.cents ?? null,
      message: row.error ?? ([row.note, row.warning].filter(Boolean).join(' ') || null),
    })),
  )
}

function totalsSentence(totals: Preview['totals']): string {
  return (
    `${plural(totals.adds.count, 'add')} totalling ${totals.adds.amount.formatted}, ` +
    `${plural(totals.removals.count, 'removal')} totalling ${totals.removals.amount.formatted}`
  )
}

function refusalOf(error: { message: string; data?: { details?: unknown } | null }): Refusal {
  const details = error.data?.details as { problems?: unknown } | null | undefined
  const problems = Array.isArray(details?.problems) ? (details.problems as Refusal['problems']) : []
  return { message: error.message, problems }
}

/* Input ------------------------------------------------------------------------------------ */

function InputCard({
  csv,
  fileName,
  inputError,
  previewing,
  onFile,
  onPaste,
  onPreview,
}: {
  csv: string
  fileName: string | null
  inputError: string | null
  previewing: boolean
  onFile: (event: ChangeEvent<HTMLInputElement>) => void
  onPaste: (text: string) => void
  onPreview: () => void
}) {
  const env = usePublicEnv()
  const fileId = useId()
  const textId = useId()
  const hintId = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  return (
    <Card className="space-y-4">
      <div id={hintId} className="space-y-2 text-sm text-slate-600">
        <p>
          A CSV file with the header <code className="font-mono">email,amount,reason</code> and an
          optional fourth column <code className="font-mono">action</code> (
          <code className="font-mono">add</code> or <code className="font-mono">remove</code>; empty
          means add). Amounts are positive dollars with at most two decimals, between{' '}
          {formatCents(env.adjustmentMinCents)} and {formatCents(env.adjustmentMaxCents)}; to take
          credits away use <code className="font-mono">remove</code>. Reasons are required (3–500
          characters) and recorded in each user&apos;s ledger with your name.
        </p>
        <p>
          At most {plural(BULK_MAX_ROWS, 'row')} and 1 MB per file. Each row is applied once: a row
          with the same user, action, amount and reason as one applied before (in any file, however
          it was saved) is skipped unless you choose to apply it again, so put a date or ticket in
          reasons that recur.{' '}
          <button
            type="button"
            className="font-medium text-indigo-600 hover:underline"
            onClick={() => download(TEMPLATE, 'bulk-credits-template.csv')}
          >
            Download a template
          </button>
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor={fileId} className="block text-sm font-medium text-slate-700">
          CSV file
        </label>
        <input
          ref={fileInput}
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={onFile}
          className="block text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
        />
        {fileName ? <p className="text-xs text-slate-500">Loaded {fileName}</p> : null}
      </div>
      <div className="space-y-1">
        <label htmlFor={textId} className="block text-sm font-medium text-slate-700">
          Or paste the CSV
        </label>
        <textarea
          id={textId}
          rows={8}
          spellCheck={false}
          autoComplete="off"
          value={csv}
          placeholder={'email,amount,reason,action\nalice@example.com,25.00,Spring promotion,add'}
          onChange={(event) => {
            // Edited text is no longer the picked file.
            if (fileInput.current) fileInput.current.value = ''
            onPaste(event.target.value)
          }}
          aria-invalid={inputError ? true : undefined}
          className={cn(
            'block w-full rounded-md border-0 px-3 py-2 font-mono text-xs shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset',
            inputError
              ? 'ring-rose-400 focus:ring-rose-500'
              : 'ring-slate-300 focus:ring-indigo-600',
          )}
        />
      </div>
      {inputError ? <Alert tone="error">{inputError}</Alert> : null}
      <Button
        onClick={onPreview}
        disabled={previewing || csv.trim() === ''}
        aria-busy={previewing || undefined}
      >
        {previewing ? 'Checking…' : 'Preview'}
      </Button>
    </Card>
  )
}

/* Preview ---------------------------------------------------------------------------------- */

function PreviewCard({
  preview,
  stale,
  applying,
  onApply,
}: {
  preview: Preview
  stale: boolean
  applying: boolean
  onApply: (applyAgain: ApplyAgain) => void
}) {
  const [onlyProblems, setOnlyProblems] = useState(false)
  const [confirming, setConfirming] = useState(false)
  // Fingerprints of applied-before rows the admin chose to apply again.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const rows = onlyProblems ? preview.rows.filter((row) => row.problem !== null) : preview.rows
  const problemRows = preview.rows.filter((row) => row.problem !== null).length
  const toApply = rowsToApply(preview, chosen)
  const toApplyTotals = totalsOfRows(toApply)
  const canApply = preview.ok && !stale && !applying && toApply.length > 0
  return (
    <section aria-labelledby="bulk-preview-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="bulk-preview-heading" className="text-lg font-semibold">
            Preview
          </h2>
          <p className="text-sm text-slate-600">
            {plural(preview.rowCount, 'row')} · {totalsSentence(preview.totals)} ·{' '}
            <span className="font-mono text-xs" title="Identifies this file's contents">
              file {preview.fileHash}
            </span>
          </p>
        </div>
        <AlertDialog.Root open={confirming} onOpenChange={setConfirming}>
          <AlertDialog.Trigger asChild>
            <Button disabled={!canApply} aria-busy={applying || undefined}>
              {applying ? 'Applying…' : 'Apply'}
            </Button>
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
            <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-lg bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
              <AlertDialog.Title className="text-lg font-semibold">
                Apply {plural(toApply.length, 'adjustment')}?
              </AlertDialog.Title>
              <AlertDialog.Description asChild>
                <div className="space-y-3 text-sm text-slate-700">
                  <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                    <dt className="text-slate-500">Adds</dt>
                    <dd className="font-medium tabular-nums" data-testid="bulk-confirm-adds">
                      {toApplyTotals.adds}
                    </dd>
                    <dt className="text-slate-500">Removals</dt>
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
                    Each row is its own transaction and is recorded with your name. If anything
                    fails, applying the same file again retries only what did not go through.
                  </p>
                </div>
              </AlertDialog.Description>
              <div className="flex justify-end gap-3">
                <AlertDialog.Cancel asChild>
                  <Button variant="secondary">Cancel</Button>
                </AlertDialog.Cancel>
                <AlertDialog.Action asChild>
                  <Button onClick={() => onApply(applyAgainOf(preview, chosen))}>
                    Apply {plural(toApply.length, 'row')}
                  </Button>
                </AlertDialog.Action>
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
      </div>

      {stale ? (
        <Alert tone="info">The CSV changed since this preview: preview it again to apply.</Alert>
      ) : null}
      {preview.fileProblems.length > 0 ? (
        <Alert tone="error">
          <p className="font-medium">This file can&apos;t be applied:</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.fileProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {problemRows > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Alert tone="error" className="flex-1">
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
        <Card className="overflow-x-auto p-0">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Line
                </th>
                <th scope="col" className="px-4 py-3">
                  Email
                </th>
                <th scope="col" className="px-4 py-3">
                  User
                </th>
                <th scope="col" className="px-4 py-3">
                  Action
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Amount
                </th>
                <th scope="col" className="px-4 py-3">
                  Reason
                </th>
                <th scope="col" className="px-4 py-3">
                  Problem
                </th>
                <th scope="col" className="px-4 py-3">
                  Applied before
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr
                  key={row.line}
                  className={cn(row.problem && 'bg-rose-50')}
                  aria-invalid={row.problem ? true : undefined}
                >
                  <td className="px-4 py-2 tabular-nums text-slate-500">{row.line}</td>
                  <td className="max-w-[14rem] break-words px-4 py-2">{row.email || '—'}</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    {row.user ? (
                      <Link
                        to={`/admin/users/${row.user.id}/credits`}
                        className="font-medium text-indigo-600 hover:underline"
                      >
                        {row.user.name}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="px-4 py-2">
                    {row.action ? (
                      <Badge tone={row.action === 'add' ? 'green' : 'amber'}>{row.action}</Badge>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                    {row.amount
                      ? `${row.action === 'remove' ? '−' : ''}${row.amount.formatted}`
                      : '—'}
                  </td>
                  <td className="max-w-xs break-words px-4 py-2">{row.reason || '—'}</td>
                  <td className="max-w-sm break-words px-4 py-2 font-medium text-rose-700">
                    {row.problem ?? ''}
                  </td>
                  <td className="min-w-[14rem] px-4 py-2">
                    <AppliedBeforeCell
                      row={row}
                      chosen={row.fingerprint !== null && chosen.has(row.fingerprint)}
                      onToggle={(fingerprint, on) =>
                        setChosen((current) => {
                          const next = new Set(current)
                          if (on) next.add(fingerprint)
                          else next.delete(fingerprint)
                          return next
                        })
                      }
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {preview.rowCount > preview.rows.length ? (
        <p className="text-sm text-slate-500">
          Rows after line {preview.rows.at(-1)?.line ?? 1} are not shown.
        </p>
      ) : null}
    </section>
  )
}

/* Results ---------------------------------------------------------------------------------- */

const STATUS_TONE = { applied: 'green', replayed: 'slate', failed: 'red' } as const

function ResultsCard({
  results,
  applying,
  onRetry,
}: {
  results: Results
  applying: boolean
  onRetry: () => void
}) {
  const { summary } = results
  return (
    <section aria-labelledby="bulk-results-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="bulk-results-heading" className="text-lg font-semibold">
            Results
          </h2>
          <p className="text-sm text-slate-600" data-testid="bulk-results-summary">
            Batch #{results.batch.id} · {summary.applied} applied · {summary.replayed} already
            applied before · {summary.failed} failed
          </p>
        </div>
        <div className="flex gap-3">
          {summary.failed > 0 ? (
            <Button
              variant="secondary"
              onClick={onRetry}
              disabled={applying}
              aria-busy={applying || undefined}
            >
              {applying ? 'Retrying…' : `Retry ${plural(summary.failed, 'failed row')}`}
            </Button>
          ) : null}
          <Button
            variant="secondary"
            onClick={() =>
              download(resultsCsv(results), `bulk-credits-batch-${results.batch.id}-results.csv`)
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
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">
                Line
              </th>
              <th scope="col" className="px-4 py-3">
                User
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Amount
              </th>
              <th scope="col" className="px-4 py-3">
                Status
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Entry
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Balance after
              </th>
              <th scope="col" className="px-4 py-3">
                Details
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {results.rows.map((row: ResultRow) => (
              <tr key={row.line} className={cn(row.status === 'failed' && 'bg-rose-50')}>
                <td className="px-4 py-2 tabular-nums text-slate-500">{row.line}</td>
                <td className="px-4 py-2">
                  <Link
                    to={`/admin/users/${row.user.id}/credits`}
                    className="font-medium text-indigo-600 hover:underline"
                  >
                    {row.user.name}
                  </Link>
                  <div className="text-xs text-slate-500">{row.email}</div>
                </td>
                <td
                  className={cn(
                    'whitespace-nowrap px-4 py-2 text-right tabular-nums',
                    row.action === 'add' ? 'text-emerald-700' : 'text-rose-700',
                  )}
                >
                  {row.action === 'add' ? '+' : '−'}
                  {row.amount.formatted}
                </td>
                <td className="px-4 py-2">
                  <Badge tone={STATUS_TONE[row.status]}>
                    {row.status === 'replayed' ? 'already applied' : row.status}
                  </Badge>
                </td>
                <td className="px-4 py-2 text-right tabular-nums">{row.entryId ?? '—'}</td>
                <td
                  className={cn(
                    'whitespace-nowrap px-4 py-2 text-right tabular-nums',
                    row.balanceAfter && row.balanceAfter.cents < 0 && 'text-rose-700',
                  )}
                >
                  {row.balanceAfter?.formatted ?? '—'}
                </td>
                <td className="max-w-sm space-y-1 break-words px-4 py-2">
                  {row.error ? <p className="font-medium text-rose-700">{row.error}</p> : null}
                  {row.note ? <p className="text-slate-700">{row.note}</p> : null}
                  {row.warning ? <p className="text-amber-800">{row.warning}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </section>
  )
}

/* Page ------------------------------------------------------------------------------------- */

export default function AdminBulkCredits() {
  const trpc = useTRPC()
  const toast = useToast()
  const [csv, setCsv] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)
  const [inputError, setInputError] = useState<string | null>(null)
  // The preview and the exact text it was made from (applying sends that text).
  const [preview, setPreview] = useState<{ csv: string; data: Preview; seq: number } | null>(null)
  const [results, setResults] = useState<Results | null>(null)
  const [applyError, setApplyError] = useState<Refusal | null>(null)
  // The rows chosen to apply again: a retry sends the same choice, so it repeats them once.
  const lastApplyAgain = useRef<ApplyAgain>([])
  const fileRead = useRef(0)

  const previewMutation = useMutation(trpc.admin.customCredits.bulkAdjust.mutationOptions())
  const applyMutation = useMutation(trpc.admin.customCredits.bulkAdjust.mutationOptions())

  function runPreview(text: string) {
    if (byteLength(text) > BULK_MAX_BYTES) {
      setInputError('The CSV is larger than 1 MB: split it into smaller files.')
      return
    }
    setInputError(null)
    previewMutation.mutate(
      { csv: text, dryRun: true },
      {
        onSuccess(data) {
          if (data.kind !== 'preview') return
          // A new preview starts with no row chosen to apply again.
          setPreview((current) => ({ csv: text, data, seq: (current?.seq ?? 0) + 1 }))
          setResults(null)
          setApplyError(null)
        },
        onError(error) {
          setInputError(
            error.data
              ? error.message
              : 'Could not reach the server. Check your connection and try again.',
          )
        },
      },
    )
  }

  function runApply(text: string, applyAgain: ApplyAgain) {
    setApplyError(null)
    lastApplyAgain.current = applyAgain
    applyMutation.mutate(
      { csv: text, dryRun: false, applyAgain },
      {
        onSuccess(data) {
          if (data.kind !== 'results') return
          setResults(data)
          const { summary } = data
          toast({
            tone: summary.failed > 0 ? 'error' : 'success',
            title: summary.failed > 0 ? 'Some rows were not applied' : 'Bulk adjustment applied',
            description: `${summary.applied} applied, ${summary.replayed} already applied before, ${summary.failed} failed.`,
          })
        },
        onError(error) {
          if (error.data?.httpStatus === 409) {
            // Something changed since the preview (a user deactivated…): show it again.
            setApplyError(refusalOf(error))
            runPreview(text)
            return
          }
          const unknown = !error.data || error.data.httpStatus >= 500
          const message = error.data
            ? error.message
            : 'Could not reach the server. Check your connection.'
          setApplyError({
            message: unknown
              ? `${message} Some rows may have been applied. Applying the same file again is safe: rows already applied are not applied twice.`
              : message,
            problems: [],
          })
          toast({ tone: 'error', title: "Couldn't apply the file", description: message })
        },
      },
    )
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    if (!file) return
    const ticket = ++fileRead.current
    setPreview(null)
    setResults(null)
    setApplyError(null)
    if (file.size > BULK_MAX_BYTES) {
      setFileName(file.name)
      setCsv('')
      setInputError(`${file.name} is larger than 1 MB: split it into smaller files.`)
      return
    }
    const text = await file.text()
    if (ticket !== fileRead.current) return // another file was picked meanwhile
    setFileName(file.name)
    setCsv(text)
    runPreview(text)
  }

  const stale = preview !== null && preview.csv !== csv
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Bulk credits</h1>
        <p className="text-sm text-slate-600">
          Add or remove custom credits for many users at once from a CSV file.
        </p>
      </div>
      <InputCard
        csv={csv}
        fileName={fileName}
        inputError={inputError}
        previewing={previewMutation.isPending}
        onFile={(event) => void onFile(event)}
        onPaste={(text) => {
          setCsv(text)
          setFileName(null)
          setInputError(null)
        }}
        onPreview={() => runPreview(csv)}
      />
      {applyError ? (
        <Alert tone="error">
          <p className="font-medium">{applyError.message}</p>
          {applyError.problems.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {applyError.problems.slice(0, 20).map((problem) => (
                <li key={problem.line}>
                  Line {problem.line} ({problem.email || 'no email'}): {problem.problem}
                </li>
              ))}
              {applyError.problems.length > 20 ? (
                <li>…and {applyError.problems.length - 20} more (see the table below)</li>
              ) : null}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      {results ? (
        <ResultsCard
          results={results}
          applying={applyMutation.isPending}
          onRetry={() => preview && runApply(preview.csv, lastApplyAgain.current)}
        />
      ) : null}
      {preview && !results ? (
        <PreviewCard
          key={preview.seq}
          preview={preview.data}
          stale={stale}
          applying={applyMutation.isPending}
          onApply={(applyAgain) => runApply(preview.csv, applyAgain)}
        />
      ) : null}
    </div>
  )
}
