import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { formatMoney, plural } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
// Pure (no Node APIs, no server modules): safe in the browser bundle.
import { describeBulkApplication } from '#server/services/credits/bulk-csv.ts'

/**
 * The bulk credits page's "applied before" parts: a row identical to one applied earlier
 * (same user, action, amount and reason, from any file) is skipped unless the admin asks
 * to apply it again, per row or for the whole file.
 */

type Preview = Extract<RouterOutputs['admin']['customCredits']['bulkAdjust'], { kind: 'preview' }>
type PreviewRow = Preview['rows'][number]
export type ApplyAgain = Array<{ fingerprint: string; timesApplied: number }>

/** The apply-again list the server expects: each chosen row with the count the admin saw. */
export function applyAgainOf(preview: Preview, chosen: ReadonlySet<string>): ApplyAgain {
  return preview.rows.flatMap((row) =>
    row.fingerprint && row.timesApplied > 0 && chosen.has(row.fingerprint)
      ? [{ fingerprint: row.fingerprint, timesApplied: row.timesApplied }]
      : [],
  )
}

/** The rows an apply will post: new ones, plus the applied-before ones chosen again. */
export function rowsToApply(preview: Preview, chosen: ReadonlySet<string>): PreviewRow[] {
  return preview.rows.filter(
    (row) => row.timesApplied === 0 || (row.fingerprint !== null && chosen.has(row.fingerprint)),
  )
}

/** Adds and removals among the rows given, summed in integer cents. */
export function totalsOfRows(rows: readonly PreviewRow[]) {
  const totals = { adds: { count: 0, cents: 0 }, removals: { count: 0, cents: 0 } }
  for (const row of rows) {
    if (!row.amount) continue
    const side = row.action === 'remove' ? totals.removals : totals.adds
    side.count++
    side.cents += row.amount.cents
  }
  return {
    adds: `${plural(totals.adds.count, 'add')} totalling ${formatMoney(totals.adds.cents)}`,
    removals: `${plural(totals.removals.count, 'removal')} totalling ${formatMoney(totals.removals.cents)}`,
    hasRemovals: totals.removals.count > 0,
  }
}

/** The notice above the preview table, with the whole-file choice. */
export function AppliedBeforeNotice({
  preview,
  chosen,
  onChoose,
}: {
  preview: Preview
  chosen: ReadonlySet<string>
  onChoose: (fingerprints: string[]) => void
}) {
  if (preview.alreadyApplied === 0) return null
  const repeatable = preview.rows.flatMap((row) =>
    row.fingerprint && row.timesApplied > 0 ? [row.fingerprint] : [],
  )
  const chosenCount = repeatable.filter((fingerprint) => chosen.has(fingerprint)).length
  return (
    <Alert tone="info" data-testid="bulk-applied-before">
      <p>
        {plural(preview.alreadyApplied, 'row was', 'rows were')} applied before (same user, action,
        amount and reason; see &quot;Applied before&quot;). Applying skips{' '}
        {preview.alreadyApplied === 1 ? 'it' : 'them'} unless you choose to apply{' '}
        {preview.alreadyApplied === 1 ? 'it' : 'them'} again.
        {chosenCount > 0 ? ` ${plural(chosenCount, 'row')} will be applied again.` : ''}
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => onChoose(repeatable)}
          disabled={chosenCount === repeatable.length}
        >
          Apply all of them again
        </Button>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => onChoose([])}
          disabled={chosenCount === 0}
        >
          Skip all of them
        </Button>
      </div>
    </Alert>
  )
}

/** The preview table's "Applied before" cell: where and when, and the per-row choice. */
export function AppliedBeforeCell({
  row,
  chosen,
  onToggle,
}: {
  row: PreviewRow
  chosen: boolean
  onToggle: (fingerprint: string, chosen: boolean) => void
}) {
  if (!row.fingerprint || row.appliedBefore.length === 0) return null
  const shown = row.appliedBefore.slice(-3)
  const fingerprint = row.fingerprint
  return (
    <div className="space-y-1 text-xs">
      <ul className="space-y-0.5 text-slate-700">
        {row.appliedBefore.length > shown.length ? (
          <li>…{row.appliedBefore.length - shown.length} earlier</li>
        ) : null}
        {shown.map((application) => (
          <li key={application.entryId}>
            In {describeBulkApplication(application)} (entry {application.entryId})
          </li>
        ))}
      </ul>
      <label className="flex items-center gap-1 font-medium text-slate-800">
        <input
          type="checkbox"
          checked={chosen}
          onChange={(event) => onToggle(fingerprint, event.target.checked)}
        />
        Apply again
      </label>
    </div>
  )
}
