import { forwardRef, useEffect, useId } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { formatTokens } from '#app/lib/format.ts'
import type { OpenOrder } from './checkout-state.ts'

/**
 * Offline mode's stand-in for PayPal's approval window: it names the order and the amount the
 * server recorded for it (never the amount field, which is locked meanwhile). Escape or
 * "Cancel and change amount" abandons the order; the caller returns focus to Pay.
 */
export const SimulatedApproval = forwardRef<
  HTMLButtonElement,
  { order: OpenOrder; notice?: string; onApprove: () => void; onCancel: () => void }
>(function SimulatedApproval({ order, notice, onApprove, onCancel }, approveRef) {
  const id = useId()
  // Escape closes it wherever focus is (a click on the locked amount leaves focus on <body>),
  // unless something else on the page already handled that Escape.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      onCancel()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [onCancel])
  return (
    <div
      role="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-amount`}
      data-testid="simulated-approval"
      className="space-y-3 rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-4"
    >
      <p id={`${id}-title`} className="text-sm font-semibold text-amber-900">
        Simulated PayPal (offline mode): no real money moves
      </p>
      <p id={`${id}-amount`} className="break-words text-sm text-amber-900">
        Order {order.orderId} for{' '}
        <strong data-testid="approval-amount">{order.amount.formatted}</strong>
        {order.tokens !== null ? ` (${formatTokens(order.tokens)})` : ''}. In production this step
        is PayPal&apos;s own approval window.
      </p>
      {notice ? <p className="text-sm text-rose-700">{notice}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button ref={approveRef} onClick={onApprove}>
          Approve payment
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel and change amount
        </Button>
      </div>
    </div>
  )
})
