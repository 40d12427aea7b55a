import type { DbOrTx } from '#db/client.ts'
import { csvStream } from '#server/lib/csv-stream.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { csvCell } from '#server/services/credits/bulk-csv.ts'
import {
  queryTransactions,
  type TransactionCursor,
  type TransactionView,
} from './list-transactions.ts'
import type { TTransactionFilters } from './transaction-schemas.ts'

const HEADER = [
  'balance',
  'id',
  'date_utc',
  'type',
  'description',
  'reason',
  'amount_usd',
  'balance_after_usd',
  'tokens',
  'token_status',
]
const BATCH = 500

function row(entry: TransactionView): string {
  const credits = entry.balance === 'credits'
  return [
    entry.balance,
    entry.id,
    entry.createdAt.toISOString(),
    entry.type,
    csvCell(entry.description),
    csvCell(entry.reason),
    credits ? centsToDecimal(entry.amount.cents) : '',
    credits ? centsToDecimal(entry.balanceAfter.cents) : '',
    credits ? '' : entry.tokens,
    credits ? '' : entry.status,
  ].join(',')
}

/** Every filtered entry of both balances, newest first, streamed in keyset batches. */
export function exportTransactionsCsv(
  db: DbOrTx,
  userId: number,
  filters: TTransactionFilters,
): ReadableStream<Uint8Array> {
  return csvStream(HEADER, row, (after?: TransactionCursor) =>
    queryTransactions(db, userId, filters, { limit: BATCH, after }),
  )
}
