import {
  PayPalButtons,
  PayPalScriptProvider,
  usePayPalScriptReducer,
} from '@paypal/react-paypal-js'
import { Alert } from '#app/components/ui/alert.tsx'
import type { PublicEnv } from '#app/lib/public-env.ts'
import type { Checkout } from './use-checkout.ts'

/**
 * PayPal's script did not load (offline, a content blocker, PayPal down): without it there are
 * no buttons to pay with, so say why instead of leaving an empty space.
 */
function ScriptFailure() {
  const [{ isRejected }] = usePayPalScriptReducer()
  if (!isRejected) return null
  return (
    <Alert title="PayPal could not be loaded">
      Nothing was charged. Check your connection, or allow paypal.com if a content blocker is on,
      then reload this page.
    </Alert>
  )
}

/**
 * PayPal's own buttons, in a module of their own: PayPalCheckout loads it (and
 * @paypal/react-paypal-js with it) only when a real PayPal client id is configured, so the
 * offline mode's simulated checkout and every page without a checkout never download it.
 */
export default function PayPalSdkButtons({
  checkout,
  amountCents,
  config,
}: {
  checkout: Checkout
  amountCents: number | null
  config: PublicEnv['paypal'] & { clientId: string }
}) {
  return (
    <PayPalScriptProvider
      options={{
        clientId: config.clientId,
        currency: 'USD',
        intent: 'capture',
        environment: config.environment === 'live' ? 'production' : 'sandbox',
      }}
    >
      <ScriptFailure />
      <PayPalButtons
        disabled={amountCents === null || checkout.locked}
        forceReRender={[amountCents]}
        style={{ layout: 'horizontal', tagline: false }}
        createOrder={async () => (await checkout.open()).orderId}
        onApprove={async ({ orderID }, actions) => {
          const { restart } = await checkout.capture(orderID)
          // Only a declined funding source: PayPal lets the buyer choose another one.
          if (restart) void actions.restart()
        }}
        onCancel={checkout.cancel}
        onError={() => checkout.fail('PayPal could not start the payment. Please try again.')}
      />
    </PayPalScriptProvider>
  )
}
