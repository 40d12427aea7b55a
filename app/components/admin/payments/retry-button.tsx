import { useState, type RefObject } from 'react'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { formatCount } from '#app/lib/format.ts'
import { RECHECK, type Topup } from './topup-presentation.ts'
import { useRetryTopup } from './use-retry-topup.ts'

/**
 * Retry a stuck top-up. A delivery in review needs a confirmation first: the earlier delivery
 * may have reached VirtFusion, so the admin checks there before sending tokens again.
 */
export function RetryButton({
  topup,
  returnFocusTo,
}: {
  topup: Topup
  /** Where focus goes when the row leaves the list after its retry. */
  returnFocusTo: RefObject<HTMLElement | null>
}) {
  const [open, setOpen] = useState(false)
  const retry = useRetryTopup(topup, () => setOpen(false))
  const pending = retry.isPending

  if (topup.status !== 'review') {
    return (
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        pendingLabel="Retrying…"
        aria-label={
          RECHECK.has(topup.status)
            ? `Retry top-up ${topup.id} (re-check with PayPal)`
            : `Retry top-up ${topup.id} (deliver to VirtFusion now)`
        }
        onClick={() => retry.mutate({ topupId: topup.id })}
      >
        Retry
      </Button>
    )
  }

  // PayPal refunded it in full while the delivery outcome was unknown: Retry closes it.
  const refundedInFull = topup.refunded.cents === topup.amount.cents
  return (
    <AlertDialog
      open={open}
      onOpenChange={setOpen}
      returnFocusTo={returnFocusTo}
      trigger={
        <Button
          variant="danger"
          size="sm"
          pending={pending}
          pendingLabel="Retrying…"
          aria-label={`Retry delivery of top-up ${topup.id}`}
        >
          Retry
        </Button>
      }
      title={
        refundedInFull
          ? `Close top-up #${topup.id} as refunded?`
          : `Retry delivery of top-up #${topup.id}?`
      }
      description={
        <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
          {refundedInFull
            ? `PayPal refunded all ${topup.refunded.formatted}. Check VirtFusion for a credit with reference ${topup.id} and cancel it if it exists; closing delivers nothing.`
            : `Check VirtFusion first: the earlier delivery may have reached it (reference ${topup.id}). Retry only if VirtFusion shows no credit for this top-up.`}
        </p>
      }
      confirmLabel={refundedInFull ? 'Close as refunded' : 'Retry delivery'}
      pendingLabel={refundedInFull ? 'Closing…' : 'Retrying…'}
      tone="danger"
      pending={pending}
      onConfirm={() => retry.mutate({ topupId: topup.id })}
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">User</dt>
        <dd className="break-words">
          {topup.user.name} ({topup.user.email})
        </dd>
        <dt className="text-slate-600">Tokens</dt>
        <dd className="tabular-nums">
          {topup.tokens !== null ? formatCount(topup.tokens) : '—'} ({topup.amount.formatted})
        </dd>
        <dt className="text-slate-600">PayPal capture</dt>
        <dd className="break-all font-mono text-xs">{topup.paypalCaptureId ?? '—'}</dd>
        <dt className="text-slate-600">Last error</dt>
        <dd className="break-words">{topup.lastDeliveryError ?? '—'}</dd>
      </dl>
    </AlertDialog>
  )
}
