import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { BulkInput } from '#app/components/admin/bulk/bulk-input.tsx'
import { BulkPreview } from '#app/components/admin/bulk/bulk-preview.tsx'
import { BulkApplyError, BulkResults } from '#app/components/admin/bulk/bulk-results.tsx'
import { useBulkCredits } from '#app/components/admin/bulk/use-bulk-credits.ts'
import { requireAdmin } from '#app/lib/auth.server.ts'

export const meta: MetaFunction = () => [{ title: 'Bulk credits · Admin · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return null
}

export default function AdminBulkCredits() {
  const bulk = useBulkCredits()
  const { csv, fileName, inputError, preview, results, applyError } = bulk.state
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Bulk credits</h1>
        <p className="text-sm text-slate-600">
          Add or remove custom credits for many users at once from a CSV file.
        </p>
      </div>
      <BulkInput
        csv={csv}
        fileName={fileName}
        inputError={inputError}
        previewing={bulk.previewing}
        onFile={bulk.pickFile}
        onEdit={bulk.edit}
        onPreview={bulk.preview}
      />
      {applyError ? <BulkApplyError refusal={applyError} /> : null}
      {results ? (
        <BulkResults
          results={results}
          applying={bulk.applying}
          onRetry={bulk.retry}
          heading={bulk.resultsHeading}
        />
      ) : null}
      {preview && !results ? (
        <BulkPreview
          key={preview.seq}
          preview={preview.data}
          stale={bulk.stale}
          applying={bulk.applying}
          onApply={bulk.apply}
          resultsHeading={bulk.resultsHeading}
        />
      ) : null}
    </div>
  )
}
