import { NotEnoughCredits } from '#app/components/credits/not-enough-credits.tsx'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogClose } from '#app/components/ui/dialog.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { Spinner } from '#app/components/ui/spinner.tsx'
import { formatDate, formatMoney } from '#app/lib/format.ts'
import { CYCLE_LABEL, CYCLE_PERIOD, formatDays, type Cycle, type Service } from './helpers.ts'
import type { ChangePlan } from './use-change-plan.ts'

type Quote = NonNullable<ChangePlan['quote']['data']>

const CONFIRM: Record<Quote['kind'], string> = {
  upgrade: 'Upgrade',
  downgrade: 'Schedule the switch',
  cycle_change: 'Schedule the switch',
  same: 'Keep the current plan',
}

/** The quote as the server will apply it: charged now and from when, then each renewal. */
function QuoteFacts({ quote, balanceCents }: { quote: Quote; balanceCents: number | null }) {
  const branding = useBranding()
  const renews = `${quote.toProduct.price.formatted} every ${CYCLE_PERIOD[quote.cycle]}`
  const upgrade = quote.kind === 'upgrade'
  return (
    <Facts
      rows={[
        ['Charged now', quote.amount.formatted, 'change-amount'],
        ...(upgrade
          ? ([
              [
                'For',
                `${formatDays(quote.secondsLeft)} left of ${formatDays(quote.periodSeconds)}`,
                'change-proration',
              ],
              [
                `Your ${creditsInText(branding)}`,
                balanceCents === null ? 'checking…' : formatMoney(balanceCents),
              ],
            ] as [string, string, string?][])
          : []),
        [
          'Takes effect',
          upgrade ? 'Now' : `At the period end, ${formatDate(quote.effectiveAt)}`,
          'change-effective',
        ],
        ['Then renews at', renews, 'change-renewal'],
      ]}
    />
  )
}

/** Choose another product of the family and/or cycle; the server's quote says what happens. */
export function ChangePlanDialog({
  service,
  change,
  balanceCents,
}: {
  service: Service
  change: ChangePlan
  /** The custom-credit balance, null while unknown. */
  balanceCents: number | null
}) {
  const { choice, quote, failure } = change
  const products: Service['product'][] = (change.products ?? []).some(
    (p) => p.id === service.product.id,
  )
    ? (change.products ?? [])
    : [service.product, ...(change.products ?? [])]
  const chosen = products.find((p) => p.id === choice?.productId) ?? service.product
  const shown = quote.current ? quote.data : null
  const missing =
    shown?.kind === 'upgrade'
      ? (failure?.shortfallCents ??
        (balanceCents === null ? 0 : Math.max(0, shown.amount.cents - balanceCents)))
      : 0
  const nothingToDo = shown?.kind === 'same' && !service.scheduledProduct && !service.scheduledCycle
  const confirmLabel = shown
    ? shown.kind === 'upgrade'
      ? `Upgrade for ${shown.amount.formatted}`
      : CONFIRM[shown.kind]
    : 'Confirm'

  return (
    <Dialog
      open={choice !== null}
      onOpenChange={(open) => (open ? null : change.close())}
      title={`Change ${service.product.name}`}
      description="Choose a plan and billing cycle. An upgrade starts now and costs the price difference for the rest of this period; a cheaper plan or another cycle starts when this period ends."
      pending={change.pending}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary" disabled={change.pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            onClick={change.confirm}
            disabled={!shown || missing > 0 || nothingToDo}
            pending={change.pending}
            pendingLabel={shown?.kind === 'upgrade' ? 'Upgrading…' : 'Saving…'}
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Plan"
          name="change-product"
          value={String(chosen.id)}
          disabled={change.pending}
          onChange={(event) => {
            const next = products.find((p) => p.id === Number(event.currentTarget.value))
            if (!next) return
            const keeps = next.prices.some((entry) => entry.cycle === choice?.cycle)
            change.choose({
              productId: next.id,
              ...(keeps ? {} : { cycle: next.prices[0]?.cycle ?? service.cycle }),
            })
          }}
        >
          {products.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
              {product.id === service.product.id ? ' (current)' : ''}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Billing cycle"
          name="change-cycle"
          value={choice?.cycle ?? service.cycle}
          disabled={change.pending}
          onChange={(event) => change.choose({ cycle: event.currentTarget.value as Cycle })}
        >
          {chosen.prices.map((entry) => (
            <option key={entry.cycle} value={entry.cycle}>
              {CYCLE_LABEL[entry.cycle]}: {entry.price.formatted}
            </option>
          ))}
        </SelectField>
      </div>
      <div aria-live="polite" className="space-y-3" data-testid="change-quote">
        {quote.error ? (
          <Alert>{quote.error}</Alert>
        ) : !shown ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner /> Working out the price…
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-700" data-testid="change-message">
              {shown.message}
              {shown.kind === 'same' && (service.scheduledProduct || service.scheduledCycle)
                ? ' Confirming drops the switch scheduled for the period end.'
                : null}
            </p>
            {shown.kind === 'same' ? null : (
              <QuoteFacts quote={shown} balanceCents={balanceCents} />
            )}
            {missing > 0 ? <NotEnoughCredits missingCents={missing} /> : null}
            {shown.kind === 'upgrade' ? (
              <p className="text-xs text-slate-500">
                This price is held for 10 minutes. Nothing is refunded if you switch to a cheaper
                plan later.
              </p>
            ) : null}
          </>
        )}
        {failure && missing === 0 ? <Alert>{failure.error}</Alert> : null}
      </div>
    </Dialog>
  )
}
