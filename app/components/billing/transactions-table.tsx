import type { ReactNode } from 'react'
import { creditsShortName, useBranding } from '#app/components/layout/use-branding.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatTokens } from '#app/lib/format.ts'
import type { TransactionView } from '#server/services/billing/list-transactions.ts'
import type { CreditEntryView } from '#server/services/credits/entry-view.ts'
import { Amount } from './money.tsx'

type Wired<T> = T extends unknown ? Omit<T, 'createdAt'> & { createdAt: Date | string } : never
/** An entry of either balance; a bare custom-credit ledger entry (no `balance`) counts as credits. */
export type TransactionRow = Wired<TransactionView> | Wired<CreditEntryView>

const TOKEN_STATUS = {
  pending: { label: 'Being delivered', tone: 'amber' },
  delivered: { label: 'Applied', tone: 'green' },
  review: { label: 'Under review', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'slate' },
} as const

const signedTokens = (count: number) => `${count > 0 ? '+' : ''}${formatTokens(count)}`

type DocumentFor = (entry: TransactionRow) => ReactNode

function Row({ entry, documentFor }: { entry: TransactionRow; documentFor?: DocumentFor }) {
  const isTokens = 'balance' in entry && entry.balance === 'tokens'
  const creditsLabel = creditsShortName(useBranding())
  return (
    <TR data-testid="transaction-row" data-balance={isTokens ? 'tokens' : 'credits'}>
      <TD label="Date" className="whitespace-nowrap text-slate-600">
        <LocalTime value={entry.createdAt} />
      </TD>
      <TD label="Balance" className="whitespace-nowrap">
        {isTokens ? (
          <Badge tone="indigo">Tokens</Badge>
        ) : (
          <Badge tone="slate">
            <span className="inline-block max-w-[10rem] truncate align-bottom">{creditsLabel}</span>
          </Badge>
        )}
      </TD>
      <TD label="Type" className="whitespace-nowrap">
        {entry.typeLabel}
      </TD>
      <TD label="Description" className="min-w-[12rem]">
        {entry.description}
        {entry.reason ? (
          <span className="block text-xs text-slate-500">Reason: {entry.reason}</span>
        ) : null}
      </TD>
      {'tokens' in entry && isTokens ? (
        <>
          <TD
            label="Tokens"
            className={`whitespace-nowrap text-right tabular-nums ${entry.tokens < 0 ? 'text-rose-700' : 'text-emerald-700'}`}
          >
            {signedTokens(entry.tokens)}
          </TD>
          <TD label="Status" className="whitespace-nowrap text-right">
            <Badge tone={TOKEN_STATUS[entry.status].tone}>{TOKEN_STATUS[entry.status].label}</Badge>
          </TD>
        </>
      ) : 'amount' in entry ? (
        <>
          <TD label="Amount" className="whitespace-nowrap text-right">
            <Amount value={entry.amount} signed />
          </TD>
          <TD label="Balance after" className="whitespace-nowrap text-right">
            <Amount value={entry.balanceAfter} />
          </TD>
        </>
      ) : null}
      {documentFor ? (
        <TD label="Document" className="whitespace-nowrap">
          {documentFor(entry)}
        </TD>
      ) : null}
    </TR>
  )
}

/**
 * Entries of both balances in one table: custom credits as money with the balance after,
 * VirtFusion tokens as token counts with their delivery status (VirtFusion holds that balance).
 * On a phone each entry is a card, its document link included.
 */
export function TransactionsTable({
  items,
  label = 'Transactions',
  emptyText = 'No transactions yet.',
  documentFor,
}: {
  items: TransactionRow[]
  label?: string
  /** A last "Document" column: the row's receipt or invoice link, if any. */
  documentFor?: DocumentFor
  /** Shown in the table when there are no entries (pages may show an EmptyState instead). */
  emptyText?: string
}) {
  return (
    <DataTable
      label={label}
      stack
      head={
        <>
          <TH>Date</TH>
          <TH>Balance</TH>
          <TH>Type</TH>
          <TH>Description</TH>
          <TH className="text-right">Amount</TH>
          <TH className="text-right">Balance after / status</TH>
          {documentFor ? <TH>Document</TH> : null}
        </>
      }
    >
      {items.map((entry) => (
        <Row
          key={'key' in entry ? entry.key : `credits-${entry.id}`}
          entry={entry}
          documentFor={documentFor}
        />
      ))}
      {items.length === 0 ? (
        <TR>
          <TD colSpan={documentFor ? 7 : 6} className="py-8 text-center text-slate-500">
            {emptyText}
          </TD>
        </TR>
      ) : null}
    </DataTable>
  )
}
