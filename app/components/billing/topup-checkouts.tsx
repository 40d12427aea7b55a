import { useState } from 'react'
import { creditsInText, creditsQuantity, useBranding } from '#app/components/layout/use-branding.ts'
import type { PublicBranding } from '#server/services/settings/settings-view.ts'
import { Card } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { centsToDecimal, formatTokens } from '#app/lib/format.ts'
import { loadLiveRuntime } from '#app/lib/live-data.tsx'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { AmountPicker, type AmountChoice } from './amount-picker.tsx'
import type { CheckoutResult } from './checkout-state.ts'
import { PayPalCheckout } from './paypal-checkout.tsx'
import { useCheckout } from './use-checkout.ts'

const PRESETS = [500, 1000, 2500, 5000, 10000]

type Purpose = 'credits' | 'tokens'

type Copy = { title: string; describe: (cents: number) => string }

/** The credits by the admin's display name and symbol (ADR 028). */
function copyOf(purpose: Purpose, branding: PublicBranding): Copy {
  if (purpose === 'credits')
    return {
      title: `Add ${creditsInText(branding)}`,
      describe: (cents) => `= ${creditsQuantity(cents, branding)}`,
    }
  // 100 tokens = $1: one token per cent.
  return { title: 'Buy VirtFusion tokens', describe: (cents) => `= ${formatTokens(cents)}` }
}

/**
 * The two balances' create/capture procedures behind one shape. The query layer comes with
 * the first call, if the page has not loaded it yet (app/lib/live-data.tsx).
 */
async function topupProcedures(purpose: Purpose) {
  const { trpcClient } = await loadLiveRuntime()
  return purpose === 'credits' ? trpcClient.customCredits : trpcClient.billing.tokens
}

/** After a paid top-up: both balances, the histories, and the token deliveries read again. */
async function refreshBalances() {
  const { queryClient, trpc } = await loadLiveRuntime()
  void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() })
  void queryClient.invalidateQueries({ queryKey: trpc.customCredits.pathKey() })
}

/**
 * Buy custom credits or VirtFusion tokens with PayPal: presets or a custom amount, then the
 * checkout. While an order is open its amount is locked; success resets the form.
 */
function TopupCheckout({
  purpose,
  initialCents = null,
}: {
  purpose: Purpose
  initialCents?: number | null
}) {
  const env = usePublicEnv()
  const toast = useToast()
  const [choice, setChoice] = useState<AmountChoice>({ cents: initialCents, error: null })
  // A new key empties the picker after a successful payment.
  const [formKey, setFormKey] = useState(0)
  const checkout = useCheckout({
    createOrder: async () =>
      (await topupProcedures(purpose)).createOrder.mutate({
        amount: centsToDecimal(choice.cents!),
      }),
    captureOrder: async (orderId) =>
      (await (
        await topupProcedures(purpose)
      ).captureOrder.mutate({ orderId })) satisfies CheckoutResult,
    onSucceeded: (result) => {
      refreshBalances().catch(() => undefined) // loaded already: the capture came through it
      setChoice({ cents: null, error: null })
      setFormKey((key) => key + 1)
      toast({
        tone: 'success',
        title: 'Payment received',
        description:
          result.tokens !== null
            ? `${formatTokens(result.tokens)} are on their way to your VirtFusion account.`
            : result.message,
      })
    },
  })
  const titleId = `buy-${purpose}-title`
  const copy = copyOf(purpose, useBranding())
  return (
    <Card className="space-y-4" aria-labelledby={titleId}>
      <h2 id={titleId} className="text-lg font-semibold">
        {copy.title}
      </h2>
      <AmountPicker
        key={formKey}
        label="Amount"
        presets={PRESETS}
        min={env.purchaseMinCents}
        max={env.purchaseMaxCents}
        initialCents={formKey === 0 ? initialCents : null}
        onChange={setChoice}
        describe={copy.describe}
        disabled={checkout.locked}
      />
      <PayPalCheckout checkout={checkout} amountCents={choice.cents} config={env.paypal} />
    </Card>
  )
}

/** Buy custom credits (1 credit = $1); `initialCents` prefills the amount (e.g. a shortfall). */
export function CustomCreditsPayPalCheckout({ initialCents }: { initialCents?: number | null }) {
  return <TopupCheckout purpose="credits" initialCents={initialCents} />
}

/** Buy VirtFusion tokens (100 tokens = $1), delivered to the VirtFusion account. */
export function TokensPayPalCheckout() {
  return <TopupCheckout purpose="tokens" />
}
