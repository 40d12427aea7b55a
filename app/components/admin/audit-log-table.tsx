import { useId } from 'react'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatDate, plural } from '#app/lib/format.ts'
import { HistoryTable, type Column } from './user/history-table.tsx'

export type AuditRow = {
  id: number
  action: string
  reason: string
  details: unknown
  createdAt: Date | string
  adminName: string
}

const ACTION_LABELS: Record<string, string> = {
  'user.set_role': 'Role changed',
  'user.set_active': 'Status changed',
  'dns_subscription.cancel': 'DNS plan cancelled',
  'dns_subscription.extend': 'DNS plan extended',
}

/** What changed, in words: "active → inactive", "user → admin", "+30 days to Dec 30, 2026". */
export function auditChange(entry: Pick<AuditRow, 'action' | 'details'>): string | null {
  const { from, to, days } = (entry.details ?? {}) as Record<string, unknown>
  if (entry.action === 'user.set_active')
    return `${from ? 'active' : 'inactive'} → ${to ? 'active' : 'inactive'}`
  if (entry.action === 'user.set_role')
    return typeof from === 'string' && typeof to === 'string' ? `${from} → ${to}` : null
  if (typeof days === 'number')
    return `+${plural(days, 'day')}${typeof to === 'string' ? ` to ${formatDate(to)}` : ''}`
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
      const change = auditChange(entry)
      return (
        <>
          {ACTION_LABELS[entry.action] ?? entry.action}
          {change ? <div className="text-xs text-slate-600">{change}</div> : null}
        </>
      )
    },
  },
  { key: 'by', header: 'By', cell: (entry) => entry.adminName, className: 'whitespace-nowrap' },
  {
    key: 'reason',
    header: 'Reason',
    cell: (entry) => entry.reason,
    className: 'min-w-[12rem] break-words',
  },
]

/** Who changed what about a user, when and why, newest first. */
export function AuditLogTable({
  entries,
  title,
  empty = 'No admin actions recorded yet.',
  testId = 'user-audit-entry',
}: {
  entries: AuditRow[]
  title: string
  empty?: string
  testId?: string
}) {
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <HistoryTable
        label={title}
        columns={COLUMNS}
        rows={entries}
        rowKey={(entry) => entry.id}
        rowProps={() => ({ 'data-testid': testId })}
        empty={empty}
      />
    </section>
  )
}
