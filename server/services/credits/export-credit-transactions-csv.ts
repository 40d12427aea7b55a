import type { DbOrTx } from '#db/client.ts'
import { csvStream } from '#server/lib/csv-stream.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { csvCell } from './bulk-csv.ts'
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

function row(entry: CreditEntryView): string {
  return [
    entry.id,
    entry.createdAt.toISOString(),
    entry.type,
    csvCell(entry.description),
    csvCell(entry.reason),
    centsToDecimal(entry.amount.cents),
    centsToDecimal(entry.balanceBefore.cents),
    centsToDecimal(entry.balanceAfter.cents),
    csvCell(entry.paymentReference),
    csvCell(entry.adminName),
  ].join(',')
}

/** Every filtered row, newest first, streamed in keyset batches (never one giant query). */
export function exportCreditTransactionsCsv(
  db: DbOrTx,
  userId: number,
  filters: Omit<TTransactionsQuery, 'cursor' | 'page' | 'limit'>,
): ReadableStream<Uint8Array> {
  return csvStream(HEADER, row, async (cursor?: number) => {
    const page = await listCreditTransactions(db, userId, { ...filters, cursor, limit: BATCH })
    return { items: page.items, next: page.nextCursor }
  })
}
