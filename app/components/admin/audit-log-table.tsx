import { LocalTime } from '#app/components/ui/local-time.tsx'
import { HistoryTable, type Column } from './user/history-table.tsx'

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

const COLUMNS: Array<Column<AuditRow>> = [
  {
    key: 'when',
    header: 'When',
    cell: (entry) => <LocalTime value={entry.createdAt} />,
    className: 'whitespace-nowrap',
  },
  {
    key: 'action',
    header: 'Action',
    cell: (entry) => {
      const change = changeOf(entry)
      return (
        <>
          {ACTION_LABELS[entry.action] ?? entry.action}
          {change ? <span className="text-slate-600"> ({change})</span> : null}
        </>
      )
    },
  },
  { key: 'by', header: 'By', cell: (entry) => entry.admin.name, className: 'whitespace-nowrap' },
  {
    key: 'reason',
    header: 'Reason',
    cell: (entry) => entry.reason,
    className: 'min-w-[12rem] break-words',
  },
]

/** Who changed what about a user, when and why, newest first. */
export function AuditLogTable({ entries, title }: { entries: AuditRow[]; title: string }) {
  return (
    <section aria-labelledby="user-audit-heading" className="space-y-3">
      <h2 id="user-audit-heading" className="text-lg font-semibold">
        {title}
      </h2>
      <HistoryTable
        label={title}
        columns={COLUMNS}
        rows={entries}
        rowKey={(entry) => entry.id}
        rowProps={() => ({ 'data-testid': 'user-audit-entry' })}
        empty="No admin actions recorded yet."
      />
    </section>
  )
}
