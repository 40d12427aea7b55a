import { formatDate } from '#app/lib/utils.ts'

export type AuditRow = {
  id: number
  action: string
  reason: string
  details: Record<string, unknown>
  createdAt: Date | string
  admin: { id: number; name: string }
}

const ACTION_LABELS: Record<string, string> = {
  'user.set_role': 'Role changed',
  'user.set_active': 'Status changed',
  'dns_subscription.cancel': 'DNS plan cancelled',
  'dns_subscription.extend': 'DNS plan extended',
}

function changeOf(entry: AuditRow): string | null {
  const { from, to, days } = entry.details
  if (entry.action === 'user.set_active')
    return `${from ? 'active' : 'inactive'} → ${to ? 'active' : 'inactive'}`
  if (typeof from === 'string' && typeof to === 'string')
    return entry.action === 'user.set_role' ? `${from} → ${to}` : null
  if (typeof days === 'number') return `+${days} days`
  return null
}

/** Who changed what about a user, when and why, newest first. */
export function AuditLogTable({ entries, title }: { entries: AuditRow[]; title: string }) {
  return (
    <section aria-labelledby="user-audit-heading" className="space-y-3">
      <h2 id="user-audit-heading" className="text-lg font-semibold">
        {title}
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No admin actions recorded yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">When</th>
              <th className="py-2 pr-4 font-medium">Action</th>
              <th className="py-2 pr-4 font-medium">By</th>
              <th className="py-2 font-medium">Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((entry) => {
              const change = changeOf(entry)
              return (
                <tr key={entry.id} data-testid="user-audit-entry">
                  <td className="py-2 pr-4 whitespace-nowrap">{formatDate(entry.createdAt)}</td>
                  <td className="py-2 pr-4">
                    {ACTION_LABELS[entry.action] ?? entry.action}
                    {change ? <span className="text-slate-500"> ({change})</span> : null}
                  </td>
                  <td className="py-2 pr-4">{entry.admin.name}</td>
                  <td className="py-2 break-words">{entry.reason}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
