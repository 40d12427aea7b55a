import { useRef, useState } from 'react'
import { Badge } from '#app/components/ui/badge.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useTRPC } from '#app/lib/trpc.ts'
import { formatCount, formatMoney, formatTokens } from '#app/lib/format.ts'
import { cn } from '#app/lib/utils.ts'
import { HistoryTable, type Column } from './history-table.tsx'
import { ReasonConfirmDialog } from './reason-confirm-dialog.tsx'
import { serverFailure } from './server-errors.ts'
import { useInvalidateVirtFusion, type VirtFusionOverview } from './virtfusion-cards.tsx'

type Entry = VirtFusionOverview['entries'][number]

const TYPE_LABELS: Record<Entry['type'], string> = {
  purchase: 'PayPal purchase',
  admin_add: 'Added by admin',
  admin_cancel: 'Cancelled by admin',
  refund: 'Refund',
  chargeback: 'Chargeback',
}

const STATUS_TONES: Record<Entry['status'], 'slate' | 'green' | 'red' | 'amber'> = {
  pending: 'amber',
  delivered: 'green',
  review: 'red',
  cancelled: 'slate',
}

/**
 * Credit ids that already have a (negative) cancellation entry. Entries come newest first,
 * so a cancellation is always listed whenever the entry it cancels is.
 */
export function cancelledCreditIds(entries: readonly Entry[]): Set<number> {
  return new Set(
    entries.flatMap((entry) =>
      entry.tokens < 0 && entry.virtfusionCreditId !== null ? [entry.virtfusionCreditId] : [],
    ),
  )
}

function columns(cancelled: Set<number>, onCancel: (entry: Entry) => void): Array<Column<Entry>> {
  return [
    {
      key: 'date',
      header: 'Date',
      cell: (entry) => <LocalTime value={entry.createdAt} />,
      className: 'min-w-[7rem] text-xs text-slate-600',
    },
    {
      key: 'type',
      header: 'Type',
      className: 'whitespace-nowrap',
      cell: (entry) => (
        <>
          {TYPE_LABELS[entry.type]}
          {entry.topupId !== null ? (
            <div className="text-xs text-slate-600">Top-up #{entry.topupId}</div>
          ) : null}
        </>
      ),
    },
    {
      key: 'tokens',
      header: 'Tokens',
      numeric: true,
      cell: (entry) => (
        <span className={entry.tokens < 0 ? 'text-rose-700' : 'text-emerald-700'}>
          {entry.tokens > 0 ? '+' : '−'}
          {formatCount(Math.abs(entry.tokens))}
        </span>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      cell: (entry) => <Badge tone={STATUS_TONES[entry.status]}>{entry.status}</Badge>,
    },
    {
      key: 'credit',
      header: 'VirtFusion credit',
      className: 'space-y-2 whitespace-nowrap',
      cell: (entry) => {
        const id = entry.virtfusionCreditId
        const wasCancelled = entry.tokens > 0 && id !== null && cancelled.has(id)
        const cancellable =
          entry.tokens > 0 && entry.status === 'delivered' && id !== null && !wasCancelled
        return (
          <>
            <div className="tabular-nums">{id !== null ? `#${id}` : '—'}</div>
            {cancellable ? (
              <RowAction
                aria-label={`Cancel VirtFusion credit ${id}`}
                onClick={() => onCancel(entry)}
              >
                Cancel credit
              </RowAction>
            ) : wasCancelled ? (
              <div className="text-xs text-slate-600">cancelled</div>
            ) : null}
          </>
        )
      },
    },
    {
      key: 'reason',
      header: 'Reason / description',
      className: 'min-w-[12rem] max-w-xs break-words',
      cell: (entry) => (
        <>
          {entry.reason ? <p>{entry.reason}</p> : null}
          <p className={cn(entry.reason && 'text-xs text-slate-600')}>{entry.description}</p>
        </>
      ),
    },
  ]
}

/** Our record of every token movement we caused in VirtFusion, with "cancel this credit". */
export function TokenEntries({ userId, entries }: { userId: number; entries: Entry[] }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateVirtFusion(userId)
  const heading = useRef<HTMLHeadingElement>(null)
  const [cancelling, setCancelling] = useState<Entry | null>(null)
  const cancel = useMutation({
    ...trpc.admin.virtfusion.cancelCredit.mutationOptions(),
    onSettled: invalidate,
  })

  async function confirmCancel(entry: Entry, reason: string) {
    try {
      await cancel.mutateAsync({ userId, tokenTransactionId: entry.id, reason })
      toast({
        tone: 'success',
        title: 'Credit entry cancelled',
        description: `VirtFusion credit #${entry.virtfusionCreditId} (${formatTokens(entry.tokens)}) was cancelled.`,
      })
      return null
    } catch (error) {
      const failure = serverFailure(
        error,
        ['reason'],
        'Could not reach the server. Check the entries before trying again.',
      )
      const other = `${failure.message}${failure.otherFields ? ` ${failure.otherFields}` : ''}`
      toast({ tone: 'error', title: "Couldn't cancel the credit", description: other })
      return { reason: failure.fields.reason, other }
    }
  }

  return (
    <section aria-labelledby="token-entries-heading" className="space-y-3">
      {/* Focus lands here when a cancelled entry's button is gone. */}
      <h2 id="token-entries-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Token entries
      </h2>
      <p className="text-sm text-slate-600">
        Our record of every token movement we caused in VirtFusion (latest 100).
      </p>
      <HistoryTable
        label="Token entries"
        columns={columns(cancelledCreditIds(entries), setCancelling)}
        rows={entries}
        rowKey={(entry) => entry.id}
        rowProps={() => ({ 'data-testid': 'admin-token-entry' })}
        empty="No token entries yet."
      />
      <ReasonConfirmDialog
        open={cancelling !== null}
        onClose={() => setCancelling(null)}
        title="Cancel this credit entry?"
        tone="danger"
        cancelLabel="Keep credit"
        confirmLabel="Cancel credit entry"
        pendingLabel="Cancelling…"
        reasonHint="Recorded with the cancellation."
        returnFocusTo={heading}
        description={cancelling ? <CancelSummary entry={cancelling} /> : null}
        onConfirm={(reason) =>
          cancelling && reason ? confirmCancel(cancelling, reason) : Promise.resolve(null)
        }
      />
    </section>
  )
}

function CancelSummary({ entry }: { entry: Entry }) {
  return (
    <>
      <p>
        This cancels VirtFusion credit #{entry.virtfusionCreditId} and records a{' '}
        <span className="tabular-nums">−{formatCount(entry.tokens)}</span> token entry. A credit can
        be cancelled only once.
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">Tokens</dt>
        <dd className="tabular-nums">
          {formatTokens(entry.tokens)} ({formatMoney(entry.tokens)})
        </dd>
        <dt className="text-slate-600">Recorded</dt>
        <dd>
          <LocalTime value={entry.createdAt} />
        </dd>
        <dt className="text-slate-600">Entry</dt>
        <dd className="break-words">{entry.reason ?? entry.description}</dd>
      </dl>
    </>
  )
}
