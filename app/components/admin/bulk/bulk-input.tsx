import { useId, useRef, type ChangeEvent } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { TextareaField } from '#app/components/ui/field.tsx'
import { formatMoney, plural } from '#app/lib/format.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { REASON_MAX, REASON_MIN } from '#server/lib/reason.ts'
import { BULK_MAX_ROWS } from '#server/services/credits/bulk-csv.ts'
import { BULK_TEMPLATE, downloadCsv } from './bulk-files.ts'

const Code = ({ children }: { children: string }) => <code className="font-mono">{children}</code>

export function BulkInput({
  csv,
  fileName,
  inputError,
  previewing,
  onFile,
  onEdit,
  onPreview,
}: {
  csv: string
  fileName: string | null
  inputError: string | null
  previewing: boolean
  onFile: (event: ChangeEvent<HTMLInputElement>) => void
  onEdit: (text: string) => void
  onPreview: () => void
}) {
  const env = usePublicEnv()
  const fileId = useId()
  const hintId = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  return (
    <Card className="space-y-4">
      <div id={hintId} className="space-y-2 text-sm text-slate-600">
        <p>
          A CSV file with the header <Code>email,amount,reason</Code> and an optional fourth column{' '}
          <Code>action</Code> (<Code>add</Code> or <Code>remove</Code>; empty means add). Amounts
          are positive dollars with at most two decimals, between{' '}
          {formatMoney(env.adjustmentMinCents)} and {formatMoney(env.adjustmentMaxCents)}; to take
          credits away use <Code>remove</Code>. Reasons are required ({REASON_MIN}–{REASON_MAX}{' '}
          characters) and recorded in each user&apos;s ledger with your name.
        </p>
        <p>
          At most {plural(BULK_MAX_ROWS, 'row')} and 1 MB per file. Each row is applied once: a row
          with the same user, action, amount and reason as one applied before (in any file, however
          it was saved) is skipped unless you choose to apply it again, so put a date or ticket in
          reasons that recur.{' '}
          <button
            type="button"
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
            onClick={() => downloadCsv(BULK_TEMPLATE, 'bulk-credits-template.csv')}
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
          className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
        />
        {fileName ? <p className="text-xs text-slate-600">Loaded {fileName}</p> : null}
      </div>
      <TextareaField
        label="Or paste the CSV"
        rows={8}
        spellCheck={false}
        autoComplete="off"
        value={csv}
        placeholder={'email,amount,reason,action\nalice@example.com,25.00,Spring promotion,add'}
        onChange={(event) => {
          // Edited text is no longer the picked file.
          if (fileInput.current) fileInput.current.value = ''
          onEdit(event.target.value)
        }}
        errors={inputError}
        controlClassName="font-mono text-xs"
      />
      <Button
        onClick={onPreview}
        disabled={csv.trim() === ''}
        pending={previewing}
        pendingLabel="Checking…"
      >
        Preview
      </Button>
    </Card>
  )
}
