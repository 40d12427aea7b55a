import type { RefObject } from 'react'
import { UserCell } from '#app/components/admin/user-cell.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatTokens } from '#app/lib/format.ts'
import { RetryButton } from './retry-button.tsx'
import {
  PURPOSE_LABELS,
  RECHECK,
  REDELIVER,
  topupStatusTone,
  type Topup,
} from './topup-presentation.ts'

function TopupRow({
  topup,
  returnFocusTo,
}: {
  topup: Topup
  returnFocusTo: RefObject<HTMLElement | null>
}) {
  const problem = [topup.failureReason, topup.lastDeliveryError].filter(Boolean)
  const retryable = REDELIVER.has(topup.status) || RECHECK.has(topup.status)
  return (
    <TR data-testid="admin-topup-row" data-status={topup.status}>
      <TD label="Top-up" className="min-w-[7rem]">
        <div className="font-medium tabular-nums">#{topup.id}</div>
        <LocalTime value={topup.createdAt} className="block text-xs text-slate-600" />
      </TD>
      <UserCell label="User" className="min-w-[10rem]" user={topup.user} />
      <TD label="Purpose" className="text-xs">
        {PURPOSE_LABELS[topup.purpose]}
      </TD>
      <TD label="Amount" className="whitespace-nowrap text-right tabular-nums">
        {topup.amount.formatted}
        {topup.tokens !== null ? (
          <div className="text-xs text-slate-600">{formatTokens(topup.tokens)}</div>
        ) : null}
        {topup.refunded.cents > 0 ? (
          <div className="text-xs text-amber-800">{topup.refunded.formatted} refunded</div>
        ) : null}
      </TD>
      <TD label="Status">
        <div className="space-y-2">
          <div>
            <Badge tone={topupStatusTone(topup.status)}>{topup.status}</Badge>
          </div>
          {retryable ? <RetryButton topup={topup} returnFocusTo={returnFocusTo} /> : null}
        </div>
      </TD>
      <TD label="PayPal ids" className="text-xs">
        <dl className="space-y-1">
          <div>
            <dt className="text-slate-600">Order</dt>
            <dd className="whitespace-nowrap font-mono">{topup.paypalOrderId ?? '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Capture</dt>
            <dd className="whitespace-nowrap font-mono">{topup.paypalCaptureId ?? '—'}</dd>
          </div>
        </dl>
      </TD>
      <TD label="Problem" className="min-w-[14rem] max-w-sm break-words text-xs">
        {problem.length > 0 ? (
          <div className="space-y-1">
            {problem.map((text, index) => (
              <p key={index}>{text}</p>
            ))}
          </div>
        ) : (
          '—'
        )}
      </TD>
      <TD label="Attempts" className="text-right tabular-nums">
        {topup.deliveryAttempts}
      </TD>
    </TR>
  )
}

const COLUMNS = [
  { label: 'Top-up / date' },
  { label: 'User' },
  { label: 'Purpose' },
  { label: 'Amount', right: true },
  { label: 'Status / action' },
  { label: 'PayPal ids' },
  { label: 'Failure / delivery error' },
  { label: 'Attempts', right: true },
]

/** The top-ups of one page; a card per top-up on a phone, a table that may scroll on wider screens. */
export function TopupsTable({
  items,
  searching,
  returnFocusTo,
}: {
  items: Topup[]
  searching: boolean
  returnFocusTo: RefObject<HTMLElement | null>
}) {
  if (items.length === 0) {
    return (
      <EmptyState
        title={searching ? 'No top-ups match this search' : 'No top-ups in this view'}
        description={
          searching
            ? 'Search by user id, part of an email, top-up id (#12), or a whole PayPal order or capture id. Try "All top-ups" if the one you look for needs no attention.'
            : 'Nothing needs attention here right now.'
        }
      />
    )
  }
  return (
    <DataTable
      label="Top-ups"
      stack
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          {COLUMNS.map((column) => (
            <TH key={column.label} className={column.right ? 'text-right' : undefined}>
              {column.label}
            </TH>
          ))}
        </>
      }
    >
      {items.map((topup) => (
        <TopupRow key={topup.id} topup={topup} returnFocusTo={returnFocusTo} />
      ))}
    </DataTable>
  )
}
