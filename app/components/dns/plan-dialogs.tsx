import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { CancelAtPeriodEndDialog } from '#app/components/credits/cancel-at-period-end-dialog.tsx'
import { NotEnoughCredits } from '#app/components/credits/not-enough-credits.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { openWhile } from '#app/components/ui/open-while.ts'
import { formatMoney } from '#app/lib/format.ts'
import { firstRenewalAt, formatDay, type Subscription } from './helpers.ts'
import type { PlanActions } from './use-plan-actions.ts'

/** What a charge leaves missing: the server's figure after a refusal, else balance vs. price. */
function shortfall(chargeCents: number, balanceCents: number | null, reported: number | null) {
  if (reported !== null) return reported
  return balanceCents === null ? 0 : Math.max(0, chargeCents - balanceCents)
}

export function PlanDialogs({
  actions,
  balanceCents,
  live,
}: {
  actions: PlanActions
  /** The custom-credit balance, null while unknown. */
  balanceCents: number | null
  live: Subscription | null
}) {
  const { buy, change, cancel, returnFocusTo } = actions
  const buying = buy.state?.subject
  const credits = creditsInText(useBranding())
  const buyMissing = buying
    ? shortfall(buying.price.cents, balanceCents, buy.state?.shortfallCents ?? null)
    : 0
  const changing = change.state?.subject
  const preview = changing?.preview
  const changeMissing =
    preview?.kind === 'upgrade'
      ? shortfall(preview.amount.cents, balanceCents, change.state?.shortfallCents ?? null)
      : 0
  const balance = balanceCents === null ? 'checking…' : formatMoney(balanceCents)

  return (
    <>
      <AlertDialog
        {...openWhile(buying, buy.close)}
        title={buying ? `Buy ${buying.name}?` : ''}
        description={
          buying
            ? `${buying.price.formatted} is taken from your ${credits} now, for one month of ${buying.name}.`
            : null
        }
        confirmLabel={buying ? `Buy for ${buying.price.formatted}` : ''}
        pendingLabel="Buying…"
        onConfirm={buy.confirm}
        pending={buy.pending}
        confirmDisabled={buyMissing > 0}
        returnFocusTo={returnFocusTo}
      >
        {buying ? (
          <>
            <Facts
              rows={[
                ['Charged now', buying.price.formatted, 'buy-amount'],
                [
                  'Renews on',
                  `${formatDay(firstRenewalAt(new Date()))}, for ${buying.price.formatted} a month`,
                  'buy-renews-on',
                ],
                [`Your ${credits}`, balance],
              ]}
            />
            {buyMissing > 0 ? <NotEnoughCredits missingCents={buyMissing} /> : null}
            <p className="text-xs text-slate-500">
              Cancel any time; the plan then runs to the end of the paid month. No partial refunds.
            </p>
            {buy.state?.error && buyMissing === 0 ? <Alert>{buy.state.error}</Alert> : null}
          </>
        ) : null}
      </AlertDialog>

      <AlertDialog
        {...openWhile(changing, change.close)}
        title={
          changing && preview
            ? preview.kind === 'upgrade'
              ? `Upgrade to ${changing.plan.name}?`
              : preview.kind === 'downgrade'
                ? `Downgrade to ${changing.plan.name}?`
                : `Keep ${changing.plan.name}?`
            : ''
        }
        description={preview?.message}
        confirmLabel={
          changing && preview
            ? preview.kind === 'upgrade'
              ? `Upgrade for ${preview.amount.formatted}`
              : preview.kind === 'downgrade'
                ? 'Schedule downgrade'
                : `Keep ${changing.plan.name}`
            : ''
        }
        pendingLabel={preview?.kind === 'upgrade' ? 'Upgrading…' : 'Saving…'}
        onConfirm={change.confirm}
        pending={change.pending}
        confirmDisabled={changeMissing > 0}
        returnFocusTo={returnFocusTo}
      >
        {changing && preview ? (
          <>
            <Facts
              rows={[
                ['Charged now', preview.amount.formatted, 'change-amount'],
                [
                  `${changing.plan.name} starts`,
                  preview.kind === 'upgrade' ? 'Now' : formatDay(preview.effectiveAt),
                ],
                ['Then renews at', `${preview.toPlan.price.formatted}/month`],
                ...(preview.kind === 'upgrade'
                  ? ([[`Your ${credits}`, balance]] as [string, string][])
                  : []),
              ]}
            />
            {changeMissing > 0 ? <NotEnoughCredits missingCents={changeMissing} /> : null}
            {preview.kind === 'upgrade' && preview.quoteExpiresAt ? (
              <p className="text-xs text-slate-500">
                This price is held for 10 minutes. Nothing is refunded if you downgrade later.
              </p>
            ) : null}
            {change.state?.error && changeMissing === 0 ? (
              <Alert>{change.state.error}</Alert>
            ) : null}
          </>
        ) : null}
      </AlertDialog>

      <CancelAtPeriodEndDialog
        open={cancel.state !== null}
        onClose={cancel.close}
        title="Cancel your DNS plan?"
        what={live ? `${live.plan.name} stays active` : undefined}
        paidUntil={live ? formatDay(live.currentPeriodEnd) : ''}
        confirmLabel="Cancel plan"
        keepLabel="Keep plan"
        onConfirm={cancel.confirm}
        pending={cancel.pending}
        error={cancel.state?.error}
        returnFocusTo={returnFocusTo}
      />
    </>
  )
}
