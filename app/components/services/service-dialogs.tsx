import { CancelAtPeriodEndDialog } from '#app/components/credits/cancel-at-period-end-dialog.tsx'
import { NotEnoughCredits } from '#app/components/credits/not-enough-credits.tsx'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { formatDate, formatMoney } from '#app/lib/format.ts'
import { CYCLE_PERIOD, orderCharges } from './helpers.ts'
import type { ServiceActions } from './use-service-actions.ts'

export function ServiceDialogs({
  actions,
  balanceCents,
}: {
  actions: ServiceActions
  /** The custom-credit balance, null while unknown. */
  balanceCents: number | null
}) {
  const { order, cancel, returnFocusTo } = actions
  const ordering = order.state?.subject
  const charges = ordering ? orderCharges(ordering.product, ordering.cycle) : null
  const missing = charges
    ? (order.state?.shortfallCents ??
      (balanceCents === null ? 0 : Math.max(0, charges.nowCents - balanceCents)))
    : 0
  const period = ordering ? CYCLE_PERIOD[ordering.cycle] : ''
  const cancelling = cancel.state?.subject
  const credits = creditsInText(useBranding())

  return (
    <>
      <AlertDialog
        open={ordering !== undefined}
        onOpenChange={(open) => (open ? null : order.close())}
        title={ordering ? `Order ${ordering.product.name}?` : ''}
        description={
          ordering && charges
            ? `${formatMoney(charges.nowCents)} is taken from your ${credits} now: ${charges.price.formatted} for the first ${period}${charges.setupFee.cents > 0 ? ` and a ${charges.setupFee.formatted} setup fee` : ''}. It then renews at ${charges.price.formatted} every ${period}.`
            : null
        }
        confirmLabel={charges ? `Order for ${formatMoney(charges.nowCents)}` : ''}
        pendingLabel="Ordering…"
        onConfirm={order.confirm}
        pending={order.pending}
        confirmDisabled={missing > 0 || !charges}
        returnFocusTo={returnFocusTo}
      >
        {ordering && charges ? (
          <>
            <Facts
              rows={[
                [`First ${period}`, charges.price.formatted],
                ['Setup fee (once)', charges.setupFee.formatted, 'order-setup-fee'],
                ['Charged now', formatMoney(charges.nowCents), 'order-amount'],
                ['Each renewal', `${charges.price.formatted} every ${period}`, 'order-renewal'],
                [
                  `Your ${credits}`,
                  balanceCents === null ? 'checking…' : formatMoney(balanceCents),
                ],
              ]}
            />
            {missing > 0 ? <NotEnoughCredits missingCents={missing} /> : null}
            <p className="text-xs text-slate-500">
              The server is set up by our team after payment. Cancel any time; it then runs to the
              end of the paid period. The setup fee is not refunded.
            </p>
            {order.state?.error && missing === 0 ? <Alert>{order.state.error}</Alert> : null}
          </>
        ) : null}
      </AlertDialog>

      <CancelAtPeriodEndDialog
        open={cancelling !== undefined}
        onClose={cancel.close}
        title={cancelling ? `Cancel ${cancelling.product.name}?` : ''}
        what={cancelling ? 'It stays yours' : undefined}
        paidUntil={cancelling ? formatDate(cancelling.currentPeriodEnd) : ''}
        confirmLabel="Cancel service"
        keepLabel="Keep service"
        onConfirm={cancel.confirm}
        pending={cancel.pending}
        error={cancel.state?.error}
        returnFocusTo={returnFocusTo}
      />
    </>
  )
}
