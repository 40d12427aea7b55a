import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Card } from '#app/components/ui/card.tsx'
import { useTRPC } from '#app/lib/trpc.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { centsToDecimal } from '#app/lib/money.ts'
import { AmountPicker, type AmountChoice } from './amount-picker.tsx'
import { PayPalCheckout } from './paypal-checkout.tsx'

function useRefreshBalances() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() })
    void queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() })
  }
}

/** Buy custom credits with PayPal: presets, a custom $1–$1000 amount, and the checkout states. */
export function CustomCreditsPayPalCheckout({
  initialCents = null,
}: {
  initialCents?: number | null
}) {
  const env = usePublicEnv()
  const trpc = useTRPC()
  const [choice, setChoice] = useState<AmountChoice>({ cents: initialCents, error: null })
  const createOrder = useMutation(trpc.customCredits.createOrder.mutationOptions())
  const captureOrder = useMutation(trpc.customCredits.captureOrder.mutationOptions())
  const refresh = useRefreshBalances()
  return (
    <Card className="space-y-4" aria-labelledby="buy-credits-title">
      <h3 id="buy-credits-title" className="text-lg font-semibold">
        Add custom credits
      </h3>
      <AmountPicker
        label="Amount"
        presets={[500, 1000, 2500, 5000, 10000]}
        min={env.purchaseMinCents}
        max={env.purchaseMaxCents}
        initialCents={initialCents}
        onChange={setChoice}
        describe={(cents) => `= ${centsToDecimal(cents)} credits`}
      />
      <PayPalCheckout
        amountCents={choice.cents}
        config={env.paypal}
        createOrder={async () =>
          (await createOrder.mutateAsync({ amount: centsToDecimal(choice.cents!) })).orderId
        }
        captureOrder={(orderId) => captureOrder.mutateAsync({ orderId })}
        onSuccess={refresh}
      />
    </Card>
  )
}

/** Buy VirtFusion tokens with PayPal (100 tokens = $1), delivered to the VirtFusion account. */
export function TokensPayPalCheckout() {
  const env = usePublicEnv()
  const trpc = useTRPC()
  const [choice, setChoice] = useState<AmountChoice>({ cents: null, error: null })
  const createOrder = useMutation(trpc.billing.tokens.createOrder.mutationOptions())
  const captureOrder = useMutation(trpc.billing.tokens.captureOrder.mutationOptions())
  const refresh = useRefreshBalances()
  return (
    <Card className="space-y-4" aria-labelledby="buy-tokens-title">
      <h3 id="buy-tokens-title" className="text-lg font-semibold">
        Buy VirtFusion tokens
      </h3>
      <AmountPicker
        label="Amount"
        presets={[500, 1000, 2500, 5000, 10000]}
        min={env.purchaseMinCents}
        max={env.purchaseMaxCents}
        onChange={setChoice}
        describe={(cents) => `= ${cents.toLocaleString('en-US')} tokens`}
      />
      <PayPalCheckout
        amountCents={choice.cents}
        config={env.paypal}
        createOrder={async () =>
          (await createOrder.mutateAsync({ amount: centsToDecimal(choice.cents!) })).orderId
        }
        captureOrder={(orderId) => captureOrder.mutateAsync({ orderId })}
        onSuccess={refresh}
      />
    </Card>
  )
}
