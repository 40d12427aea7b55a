import type { RouterOutputs } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'
import { Amount } from './money.tsx'

type Entry = RouterOutputs['customCredits']['transactions']['items'][number]
type EntryLike = Omit<Entry, 'createdAt'> & { createdAt: Date | string }

export function TransactionsTable({
  items,
  emptyText = 'No transactions yet.',
}: {
  items: EntryLike[]
  emptyText?: string
}) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-3">
              Date
            </th>
            <th scope="col" className="px-4 py-3">
              Type
            </th>
            <th scope="col" className="px-4 py-3">
              Description
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Amount
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Balance after
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((entry) => (
            <tr key={entry.id} data-testid="transaction-row">
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                {formatDate(entry.createdAt)}
              </td>
              <td className="whitespace-nowrap px-4 py-3">{entry.typeLabel}</td>
              <td className="px-4 py-3">
                {entry.description}
                {entry.reason ? (
                  <span className="block text-xs text-slate-500">Reason: {entry.reason}</span>
                ) : null}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Amount value={entry.amount} signed />
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-right">
                <Amount value={entry.balanceAfter} />
              </td>
            </tr>
          ))}
          {items.length === 0 ? (
            <tr>
              <td colSpan={5} className="px-4 py-8 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  )
}
