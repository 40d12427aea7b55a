import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'
import { CustomCreditsPayPalCheckout } from '#app/components/billing/topup-checkouts.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { formatCents } from '#app/lib/money.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'

/** The minimum custom-credit top-up ($1.00), unless the server is configured higher. */
const MIN_TOPUP_CENTS = 100

/**
 * Shown when a charge failed for lack of custom credits: the shortfall, a PayPal top-up of
 * (at least) that amount in a dialog, and a way to try the charge again afterwards.
 */
export function InsufficientCreditsNotice({
  shortfallCents,
  action,
  onRetry,
  onDismiss,
}: {
  shortfallCents: number
  /** What failed, e.g. "buy Pro" (completes "… to buy Pro."). */
  action: string
  onRetry: () => void
  onDismiss: () => void
}) {
  const env = usePublicEnv()
  const [open, setOpen] = useState(false)
  const minCents = Math.max(MIN_TOPUP_CENTS, env.purchaseMinCents)
  const topUpCents = Math.min(Math.max(shortfallCents, minCents), env.purchaseMaxCents)
  const shortfall = formatCents(shortfallCents)
  const topUp = formatCents(topUpCents)

  return (
    <div
      role="alert"
      className="space-y-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
      data-testid="insufficient-credits"
    >
      <p>
        <span className="font-semibold">You need {shortfall} more custom credits</span> to {action}.
        {topUpCents > shortfallCents ? ` The minimum top-up is ${formatCents(minCents)}.` : null}
        {topUpCents < shortfallCents
          ? ` A single top-up is at most ${formatCents(env.purchaseMaxCents)}.`
          : null}
      </p>
      <div className="flex flex-wrap gap-2">
        <Dialog.Root open={open} onOpenChange={setOpen}>
          <Dialog.Trigger asChild>
            <Button>Add {topUp} of credits</Button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
            <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100vh-2rem)] w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-lg bg-slate-50 p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
              <div className="flex items-start justify-between gap-4">
                <div>
                  <Dialog.Title className="text-lg font-semibold">
                    Top up custom credits
                  </Dialog.Title>
                  <Dialog.Description className="mt-1 text-sm text-slate-600">
                    You need {shortfall} more to {action}. Credits are added as soon as PayPal
                    confirms the payment; then close this window and try again.
                  </Dialog.Description>
                </div>
                <Dialog.Close asChild>
                  <Button variant="ghost" className="px-2 py-1">
                    Close
                  </Button>
                </Dialog.Close>
              </div>
              <CustomCreditsPayPalCheckout initialCents={topUpCents} />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
        <Button variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </div>
  )
}
