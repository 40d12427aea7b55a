import { lazy, Suspense, useEffect, useRef, type RefObject } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import type { PublicEnv } from '#app/lib/public-env.ts'
import { formatMoney } from '#app/lib/format.ts'
import { useHydrated } from '#app/lib/use-hydrated.ts'
import { statusText, type CheckoutState } from './checkout-state.ts'
import { SimulatedApproval } from './simulated-approval.tsx'
import type { Checkout } from './use-checkout.ts'

// Its own chunk, fetched the first time a real PayPal checkout renders (never in offline mode).
const PayPalSdkButtons = lazy(() => import('./paypal-buttons.tsx'))

/** What the buyer reads under the amount: busy steps, or how the last attempt ended. */
function CheckoutStatus({ state }: { state: CheckoutState }) {
  switch (state.step) {
    case 'succeeded':
      return (
        <Alert tone="success" data-testid="checkout-success">
          {state.result.message}
          {state.result.balance ? ` New balance: ${state.result.balance.formatted}.` : ''}
        </Alert>
      )
    case 'failed':
      return <Alert data-testid="checkout-failed">{state.message}</Alert>
    case 'cancelled':
      return <Alert tone="info">Payment cancelled. Nothing was charged.</Alert>
    default:
      return (
        <p role="status" className="text-sm text-slate-600">
          {statusText(state)}
        </p>
      )
  }
}

/**
 * Where focus goes after each step, so it is never left on <body> (a pending button is
 * disabled). The simulated approval box behaves as a dialog: opening it focuses Approve,
 * closing it (cancel, Escape) returns focus to Pay, always. The other steps move focus to
 * the status line only when focus is inside this checkout or lost: a buyer who moved on
 * keeps their place.
 */
function useStepFocus(
  step: CheckoutState['step'],
  sdk: boolean,
  targets: Record<'root' | 'status' | 'approve' | 'pay', RefObject<HTMLElement>>,
) {
  useEffect(() => {
    // While PayPal's own window is open, it has the buyer's attention.
    if (step === 'idle' || (sdk && step === 'approving')) return
    const dialogTarget =
      step === 'approving'
        ? targets.approve.current
        : step === 'cancelled'
          ? targets.pay.current
          : null
    if (dialogTarget) return dialogTarget.focus()
    const active = document.activeElement
    if (active && active !== document.body && !targets.root.current?.contains(active)) return
    targets.status.current?.focus()
    // Toasts appear at the top of the screen: keep the outcome clear of them.
    if (step === 'succeeded') targets.status.current?.scrollIntoView({ block: 'center' })
    // The refs are stable; only a new step moves focus.
  }, [step, sdk, targets.root, targets.status, targets.approve, targets.pay])
}

/**
 * The PayPal step of a top-up. The server creates the order and captures it; the browser
 * only relays the order id. With a PayPal client id PayPal's buttons run; in offline mode a
 * clearly labelled simulated approval box stands in.
 */
export function PayPalCheckout({
  checkout,
  amountCents,
  config,
}: {
  checkout: Checkout
  amountCents: number | null
  config: PublicEnv['paypal']
}) {
  const { state } = checkout
  const root = useRef<HTMLDivElement>(null)
  const status = useRef<HTMLDivElement>(null)
  const approve = useRef<HTMLButtonElement>(null)
  const pay = useRef<HTMLButtonElement>(null)
  const sdk = !config.simulated && config.clientId !== null
  // PayPal's buttons need the browser, so the server renders none. Rendered there, their lazy
  // boundary hydrated late, and any update reaching it first (the checkout's props are new
  // objects on every render) made React throw that markup away (error #421).
  const hydrated = useHydrated()
  useStepFocus(state.step, sdk, { root, status, approve, pay })
  const amountText = amountCents !== null ? `${formatMoney(amountCents)} ` : ''

  return (
    <div ref={root} className="space-y-3">
      <div ref={status} tabIndex={-1} data-testid="checkout-status" className="rounded-md">
        <CheckoutStatus state={state} />
      </div>
      {state.step === 'approving' && !sdk ? (
        <SimulatedApproval
          ref={approve}
          order={state.order}
          notice={state.notice}
          onApprove={() => void checkout.approveSimulated(state.order.orderId)}
          onCancel={checkout.cancel}
        />
      ) : sdk && state.step !== 'capturing' ? null : (
        <Button
          ref={pay}
          disabled={amountCents === null}
          pending={state.step === 'creating' || state.step === 'capturing'}
          pendingLabel={statusText(state)}
          onClick={() => void checkout.open().catch(() => {})}
        >
          Pay {amountText}with PayPal{sdk ? '' : ' (simulated)'}
        </Button>
      )}
      {sdk && hydrated ? (
        // Hidden, not unmounted, while capturing: PayPal awaits onApprove inside these buttons.
        <div hidden={state.step === 'capturing'}>
          <Suspense fallback={null}>
            <PayPalSdkButtons
              checkout={checkout}
              amountCents={amountCents}
              config={{ ...config, clientId: config.clientId! }}
            />
          </Suspense>
        </div>
      ) : null}
    </div>
  )
}
