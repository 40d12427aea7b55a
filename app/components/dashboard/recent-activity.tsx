import { Link } from '@remix-run/react'
import {
  TransactionsTable,
  type TransactionRow,
} from '#app/components/billing/transactions-table.tsx'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'

/** The latest entries of both balances, with the way to the full history. */
export function RecentActivity({ items }: { items: TransactionRow[] }) {
  return (
    <Card aria-labelledby="recent-activity-title" className="space-y-3 p-0 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2 px-4">
        <h2 id="recent-activity-title" className="text-lg font-semibold">
          Recent activity
        </h2>
        <Link to="/transactions" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
          All transactions
        </Link>
      </div>
      {items.length > 0 ? (
        <TransactionsTable items={items} label="Recent activity" />
      ) : (
        <EmptyState
          className="mx-4"
          title="No transactions yet"
          description="Top-ups, DNS plan charges and token deliveries will be listed here."
        />
      )}
    </Card>
  )
}
