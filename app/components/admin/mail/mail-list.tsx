import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { STATUS_BADGES, type MailStatusName } from './mail-query.ts'

export type MailRow = {
  id: number
  toAddress: string
  subject: string | null
  template: string
  status: MailStatusName
  attempts: number
  lastError: string | null
  nextAttemptAt: string
  sentAt: string | null
  createdAt: string
}

export function mailTitle(mail: Pick<MailRow, 'subject' | 'template'>): string {
  return mail.subject ?? `${mail.template} (rendered when it is sent)`
}

function Delivery({ mail }: { mail: MailRow }) {
  const badge = STATUS_BADGES[mail.status]
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
      <Badge tone={badge.tone}>{badge.word}</Badge>
      <span>
        {mail.attempts} attempt{mail.attempts === 1 ? '' : 's'}
      </span>
      {mail.status === 'pending' ? (
        <span>
          next <LocalTime value={mail.nextAttemptAt} />
        </span>
      ) : null}
    </p>
  )
}

/** The outbox, newest first: each message opens on its own page. Stacks on a phone. */
export function MailList({ items, filtered }: { items: MailRow[]; filtered: boolean }) {
  if (items.length === 0)
    return (
      <EmptyState
        title={filtered ? 'No messages with this status' : 'No mail yet'}
        description="Receipts, notices of admin credit adjustments and token deliveries appear here as they are written."
      />
    )
  return (
    <ul
      aria-label="Messages"
      className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
    >
      {items.map((mail) => (
        <li
          key={mail.id}
          data-testid="mail-row"
          data-status={mail.status}
          className="space-y-1 p-4"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <Link
              to={`/admin/mail/${mail.id}`}
              className="break-words font-medium text-indigo-700 underline-offset-2 hover:underline"
            >
              {mailTitle(mail)}
            </Link>
            <LocalTime value={mail.createdAt} className="text-xs text-slate-600" />
          </div>
          <p className="break-all text-sm text-slate-700">To {mail.toAddress}</p>
          <Delivery mail={mail} />
          {mail.lastError ? (
            <p className="break-words text-xs text-rose-800">Last error: {mail.lastError}</p>
          ) : null}
        </li>
      ))}
    </ul>
  )
}
