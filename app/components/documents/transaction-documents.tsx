import type { TransactionRow } from '#app/components/billing/transactions-table.tsx'
import type { DocumentLinks } from '#server/services/documents/document-links.ts'
import { DocumentDownload } from './document-download.tsx'

const isTokens = (entry: TransactionRow) => 'balance' in entry && entry.balance === 'tokens'

/** The ids to ask findDocumentLinks / documents.links about, for rows of either balance. */
export function transactionIds(items: readonly TransactionRow[]) {
  return {
    creditEntryIds: items.filter((e) => !isTokens(e)).map((e) => e.id),
    tokenTransactionIds: items.filter(isTokens).map((e) => e.id),
  }
}

/** TransactionsTable's `documentFor`: each row's receipt or invoice link, if it has one. */
export function transactionDocument(links: DocumentLinks, adminUserId?: number) {
  return function TransactionDocument(entry: TransactionRow) {
    const link = (isTokens(entry) ? links.tokens : links.credits)[entry.id]
    return <DocumentDownload link={link} adminUserId={adminUserId} />
  }
}
