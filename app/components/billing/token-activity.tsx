import { useQuery } from '@tanstack/react-query'
import { Badge, Card } from '#app/components/ui/card.tsx'
import { useTRPC } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'

const TYPE_LABELS: Record<string, string> = {
  purchase: 'PayPal purchase',
  admin_add: 'Added by admin',
  admin_cancel: 'Cancelled by admin',
  refund: 'Refund',
  chargeback: 'Chargeback',
}
const STATUS_TONES = {
  pending: 'amber',
  delivered: 'green',
  review: 'red',
  cancelled: 'slate',
} as const
const STATUS_LABELS = {
  pending: 'pending',
  delivered: 'applied',
  review: 'under review',
  cancelled: 'cancelled',
} as const

/** Our record of token movements in VirtFusion (the balance itself lives there). */
export function TokenActivity() {
  const trpc = useTRPC()
  const { data } = useQuery({
    ...trpc.billing.tokens.transactions.queryOptions({ limit: 50 }),
    refetchInterval: 15_000,
  })
  return (
    <Card className="p-0" aria-labelledby="token-activity-title">
      <h3 id="token-activity-title" className="px-4 pt-4 font-semibold">
        VirtFusion token activity
      </h3>
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
                Tokens
              </th>
              <th scope="col" className="px-4 py-3">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {(data?.items ?? []).map((entry) => (
              <tr key={entry.id} data-testid="token-row">
                <td className="whitespace-nowrap px-4 py-3 text-slate-600">
                  {formatDate(entry.createdAt)}
                </td>
                <td className="whitespace-nowrap px-4 py-3">
                  {TYPE_LABELS[entry.type] ?? entry.type}
                </td>
                <td className="px-4 py-3">{entry.description}</td>
                <td
                  className={`whitespace-nowrap px-4 py-3 text-right tabular-nums ${entry.tokens < 0 ? 'text-rose-700' : 'text-emerald-700'}`}
                >
                  {entry.tokens > 0 ? '+' : ''}
                  {entry.tokens.toLocaleString('en-US')}
                </td>
                <td className="px-4 py-3">
                  <Badge tone={STATUS_TONES[entry.status]}>{STATUS_LABELS[entry.status]}</Badge>
                </td>
              </tr>
            ))}
            {data && data.items.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                  No token activity yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
