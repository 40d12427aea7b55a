import { PayPalButtons, PayPalScriptProvider } from '@paypal/react-paypal-js'
import { useState } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/card.tsx'
import { formatCents } from '#app/lib/money.ts'
import { checkoutFailure } from './checkout-failure.ts'

export type CheckoutResult = { message: string; balance: { formatted: string } | null }
export type CheckoutConfig = {
  clientId: string | null
  environment: 'sandbox' | 'live'
  simulated: boolean
}

type State =
  | { step: 'idle' }
  | { step: 'working'; label: string }
  | { step: 'approve'; orderId: string }
  | { step: 'success'; result: CheckoutResult }
  | { step: 'failed'; message: string }
  | { step: 'cancelled' }

/**
 * The PayPal step of a top-up. The server creates the order (amount from validated input)
 * and captures it; the browser only relays the order id. With a PayPal client id the real
 * PayPal buttons run; in offline mode a clearly labelled simulated approval step stands in.
 */
export function PayPalCheckout({
  amountCents,
  config,
  createOrder,
  captureOrder,
  onSuccess,
}: {
  amountCents: number | null
  config: CheckoutConfig
  createOrder: () => Promise<string>
  captureOrder: (orderId: string) => Promise<CheckoutResult>
  onSuccess: () => void
}) {
  const [state, setState] = useState<State>({ step: 'idle' })
  const disabled = amountCents === null

  const capture = async (orderId: string) => {
    setState({ step: 'working', label: 'Completing your payment…' })
    try {
      const result = await captureOrder(orderId)
      setState({ step: 'success', result })
      onSuccess()
      return { restart: false }
    } catch (error) {
      const { message, restart } = checkoutFailure(error)
      setState({ step: 'failed', message })
      return { restart }
    }
  }

  const status =
    state.step === 'success' ? (
      <Alert tone="success" data-testid="checkout-success">
        {state.result.message}
        {state.result.balance ? ` New balance: ${state.result.balance.formatted}.` : ''}
      </Alert>
    ) : state.step === 'failed' ? (
      <Alert data-testid="checkout-failed">{state.message}</Alert>
    ) : state.step === 'cancelled' ? (
      <Alert tone="info">Payment cancelled. Nothing was charged.</Alert>
    ) : state.step === 'working' ? (
      <p role="status" className="text-sm text-slate-600">
        {state.label}
      </p>
    ) : null

  if (!config.simulated && config.clientId) {
    return (
      <div className="space-y-3">
        {status}
        <PayPalScriptProvider
          options={{
            clientId: config.clientId,
            currency: 'USD',
            intent: 'capture',
            environment: config.environment === 'live' ? 'production' : 'sandbox',
          }}
        >
          <PayPalButtons
            disabled={disabled}
            forceReRender={[amountCents]}
            style={{ layout: 'horizontal', tagline: false }}
            createOrder={async () => {
              setState({ step: 'working', label: 'Opening PayPal…' })
              return createOrder()
            }}
            onApprove={async ({ orderID }, actions) => {
              const { restart } = await capture(orderID)
              // Only a declined funding source: PayPal lets the buyer choose another one.
              if (restart) actions.restart()
            }}
            onCancel={() => setState({ step: 'cancelled' })}
            onError={() =>
              setState({
                step: 'failed',
                message: 'PayPal could not start the payment. Please try again.',
              })
            }
          />
        </PayPalScriptProvider>
      </div>
    )
  }

  return (
    <div className="space-y-3">
      {status}
      {state.step === 'approve' ? (
        <div
          role="dialog"
          aria-labelledby="simulated-paypal-title"
          className="space-y-3 rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-4"
        >
          <p id="simulated-paypal-title" className="text-sm font-semibold text-amber-900">
            Simulated PayPal (offline mode): no real money moves
          </p>
          <p className="text-sm text-amber-900">
            Order {state.orderId} for{' '}
            {amountCents !== null ? formatCents(amountCents) : 'the amount chosen'}. In production
            this step is PayPal&apos;s own approval window.
          </p>
          <div className="flex gap-2">
            <Button
              onClick={async () => {
                const orderId = state.orderId
                setState({ step: 'working', label: 'Approving at the simulated PayPal…' })
                const approved = await fetch(
                  `/api/dev/paypal/orders/${encodeURIComponent(orderId)}/approve`,
                  { method: 'POST' },
                )
                if (!approved.ok)
                  return setState({
                    step: 'failed',
                    message: 'The simulated PayPal did not approve the order.',
                  })
                await capture(orderId)
              }}
            >
              Approve payment
            </Button>
            <Button variant="secondary" onClick={() => setState({ step: 'cancelled' })}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button
          disabled={disabled || state.step === 'working'}
          onClick={async () => {
            setState({ step: 'working', label: 'Creating your order…' })
            try {
              setState({ step: 'approve', orderId: await createOrder() })
            } catch (error) {
              setState({ step: 'failed', message: checkoutFailure(error).message })
            }
          }}
        >
          Pay {amountCents !== null ? formatCents(amountCents) : ''} with PayPal (simulated)
        </Button>
      )}
    </div>
  )
}
