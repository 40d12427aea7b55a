import type { ReactNode } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatCount, formatMoney } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
import { HistoryTable, type Column } from './history-table.tsx'
import { RefreshNote } from './refresh-note.tsx'

export type CreditOverview = RouterOutputs['admin']['customCredits']['get']
type Entry = CreditOverview['history']['items'][number]

export function CreditBalanceCard({
  overview,
  refreshing,
}: {
  overview: CreditOverview
  refreshing: boolean
}) {
  const { balance } = overview.balance
  const negative = balance.cents < 0
  return (
    <Card className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h2 className="text-sm font-medium text-slate-600">Custom credits balance</h2>
        <p className="mt-1 flex items-center gap-3" data-testid="admin-credit-balance">
          <span
            className={cn(
              'text-3xl font-bold tabular-nums',
              negative ? 'text-rose-700' : 'text-slate-900',
            )}
          >
            {balance.formatted}
          </span>
          {negative ? <Badge tone="red">owed</Badge> : null}
        </p>
        {negative ? (
          <p className="mt-1 text-sm text-rose-700">The user owes {formatMoney(-balance.cents)}.</p>
        ) : null}
      </div>
      <RefreshNote refreshing={refreshing} seconds={15} />
    </Card>
  )
}

const COLUMNS: Array<Column<Entry>> = [
  {
    key: 'date',
    header: 'Date',
    cell: (entry) => <LocalTime value={entry.createdAt} />,
    className: 'min-w-[6rem]',
  },
  { key: 'type', header: 'Type', cell: (entry) => entry.typeLabel, className: 'whitespace-nowrap' },
  {
    key: 'amount',
    header: 'Amount',
    numeric: true,
    cell: (entry) =>
      entry.amount.cents < 0 ? (
        <span className="text-rose-700">{entry.amount.formatted}</span>
      ) : (
        <span className="text-emerald-700">+{entry.amount.formatted}</span>
      ),
  },
  {
    key: 'balance',
    header: 'Balance after',
    numeric: true,
    cell: (entry) => (
      <span className={cn(entry.balanceAfter.cents < 0 && 'text-rose-700')}>
        {entry.balanceAfter.formatted}
      </span>
    ),
  },
  {
    // The reason and the admin under the description: the whole history fits beside the
    // admin navigation at 1280 px, its Document column included.
    key: 'description',
    header: 'Description',
    cell: (entry) => (
      <>
        {entry.description}
        {entry.reason ? (
          <span className="block break-words text-xs text-slate-600">Reason: {entry.reason}</span>
        ) : null}
        {entry.adminName ? (
          <span className="block text-xs text-slate-600">By {entry.adminName}</span>
        ) : null}
      </>
    ),
    className: 'min-w-[12rem] max-w-sm',
  },
]

export function CreditHistory({
  history,
  documentFor,
}: {
  history: CreditOverview['history']
  /** A last "Document" column: the entry's receipt, invoice or credit note, if any. */
  documentFor?: (entry: Entry) => ReactNode
}) {
  const { pagination } = history
  const columns = documentFor
    ? [...COLUMNS, { key: 'document', header: 'Document', cell: documentFor }]
    : COLUMNS
  return (
    <section aria-labelledby="credit-history-heading" className="space-y-3">
      <h2 id="credit-history-heading" className="text-lg font-semibold">
        History
      </h2>
      <HistoryTable
        label="Credit history"
        columns={columns}
        rows={history.items}
        rowKey={(entry) => entry.id}
        empty={`No credit transactions${pagination && pagination.page > 1 ? ' on this page' : ''}.`}
      />
      {pagination ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">
            {formatCount(pagination.totalCount)}
            {pagination.totalIsExact ? '' : '+'} {pagination.totalCount === 1 ? 'entry' : 'entries'}
          </p>
          <Pagination
            page={pagination.page}
            pageCount={pagination.pageCount}
            label="History pages"
          />
        </div>
      ) : null}
    </section>
  )
}
