import { formatDay } from '#app/components/dns/helpers.ts'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import type { DnsOverview } from './dns-subscription.tsx'
import { HistoryTable, type Column } from './history-table.tsx'

type AuditEntry = DnsOverview['audit'][number]

const ACTION_LABELS: Record<string, string> = {
  'dns_subscription.cancel': 'Cancelled DNS plan',
  'dns_subscription.extend': 'Extended DNS plan',
}

export function auditDetail(entry: Pick<AuditEntry, 'action' | 'details'>): string | null {
  const details = entry.details as Record<string, unknown> | null
  if (entry.action === 'dns_subscription.extend' && typeof details?.days === 'number') {
    const to = typeof details.to === 'string' ? ` to ${formatDay(details.to)}` : ''
    return `+${details.days} ${details.days === 1 ? 'day' : 'days'}${to}`
  }
  return null
}

const COLUMNS: Array<Column<AuditEntry>> = [
  {
    key: 'date',
    header: 'Date',
    cell: (entry) => <LocalTime value={entry.createdAt} />,
    className: 'whitespace-nowrap text-slate-600',
  },
  { key: 'admin', header: 'Admin', cell: (entry) => entry.adminName, className: 'whitespace-nowrap' },
  {
    key: 'action',
    header: 'Action',
    cell: (entry) => {
      const detail = auditDetail(entry)
      return (
        <>
          {ACTION_LABELS[entry.action] ?? entry.action}
          {detail ? <div className="text-xs text-slate-600">{detail}</div> : null}
        </>
      )
    },
  },
  { key: 'reason', header: 'Reason', cell: (entry) => entry.reason, className: 'min-w-[12rem] max-w-md break-words' },
]

export function DnsAuditLog({ audit }: { audit: AuditEntry[] }) {
  return (
    <section aria-labelledby="dns-audit-heading" className="space-y-3">
      <h2 id="dns-audit-heading" className="text-lg font-semibold">
        Audit log
      </h2>
      <HistoryTable
        label="DNS plan audit log"
        columns={COLUMNS}
        rows={audit}
        rowKey={(entry) => entry.id}
        rowProps={() => ({ 'data-testid': 'dns-audit-entry' })}
        empty="No admin actions recorded for this user."
      />
    </section>
  )
}
