// Pure (no Node APIs, no server modules): safe in the browser bundle.
import { bulkResultsToCsv } from '#server/services/credits/bulk-csv.ts'
import type { Results } from './bulk-state.ts'

export const BULK_TEMPLATE =
  'email,amount,reason,action\r\n' +
  'alice@example.com,25.00,Spring promotion,add\r\n' +
  'bob@example.com,10.50,"Refund of duplicate charge, ticket #123",remove\r\n'

/** Saves `text` as a CSV download. */
export function downloadCsv(text: string, fileName: string) {
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

/** The results table as the CSV an admin keeps. */
export function resultsCsv(results: Results): string {
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
