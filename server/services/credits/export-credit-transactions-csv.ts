import type { DbOrTx } from '#db/client.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import type { CreditEntryView } from './entry-view.ts'
import { listCreditTransactions } from './list-credit-transactions.ts'
import type { TTransactionsQuery } from './schemas.ts'

const HEADER = [
  'id',
  'date_utc',
  'type',
  'description',
  'reason',
  'amount_usd',
  'balance_before_usd',
  'balance_after_usd',
  'payment_reference',
  'admin',
]
const BATCH = 500

/** Quotes a cell; text that a spreadsheet would run as a formula is defused with a quote. */
function cell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function row(entry: CreditEntryView): string {
  return [
    entry.id,
    entry.createdAt.toISOString(),
    entry.type,
    cell(entry.description),
    cell(entry.reason),
    centsToDecimal(entry.amount.cents),
    centsToDecimal(entry.balanceBefore.cents),
    centsToDecimal(entry.balanceAfter.cents),
    cell(entry.paymentReference),
    cell(entry.adminName),
  ].join(',')
}

/** Every filtered row, newest first, streamed in keyset batches (never one giant query). */
export function exportCreditTransactionsCsv(
  db: DbOrTx,
  userId: number,
  filters: Omit<TTransactionsQuery, 'cursor' | 'page' | 'limit'>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: number | undefined
  let started = false
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`${HEADER.join(',')}\n`))
      }
      const page = await listCreditTransactions(db, userId, { ...filters, cursor, limit: BATCH })
      if (page.items.length > 0)
        controller.enqueue(encoder.encode(page.items.map(row).join('\n') + '\n'))
      if (page.nextCursor === null) controller.close()
      else cursor = page.nextCursor
    },
  })
}
