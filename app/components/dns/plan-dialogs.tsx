import { Link } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { formatMoney } from '#app/lib/format.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { firstRenewalAt, formatDay, type Subscription } from './helpers.ts'
import { topUpFor } from './top-up.ts'
import type { PlanActions } from './use-plan-actions.ts'

/** What a charge leaves missing: the server's figure after a refusal, else balance vs. price. */
function shortfall(chargeCents: number, balanceCents: number | null, reported: number | null) {
  if (reported !== null) return reported
  return balanceCents === null ? 0 : Math.max(0, chargeCents - balanceCents)
}

/** Said before confirming: the charge is more than the credits, and a top-up of the difference. */
function NotEnoughCredits({ missingCents }: { missingCents: number }) {
  const topUp = topUpFor(missingCents, usePublicEnv())
  return (
    <Alert tone="warning" title="Not enough custom credits" data-testid="cannot-afford">
      You need {formatMoney(missingCents)} more.{' '}
      <Link to={topUp.href} className="font-semibold underline">
        Add {topUp.formatted} of credits
      </Link>
      {topUp.note ? ` (${topUp.note})` : null}, then come back to confirm.
    </Alert>
  )
}

function Facts({ rows }: { rows: [string, React.ReactNode, string?][] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([term, value, testId]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="tabular-nums" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  )
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
        open={buying !== undefined}
        onOpenChange={(open) => (open ? null : buy.close())}
        title={buying ? `Buy ${buying.name}?` : ''}
        description={
          buying
            ? `${buying.price.formatted} is taken from your custom credits now, for one month of ${buying.name}.`
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
                ['Your custom credits', balance],
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
        open={changing !== undefined}
        onOpenChange={(open) => (open ? null : change.close())}
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
                  ? ([['Your custom credits', balance]] as [string, string][])
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

      <AlertDialog
        open={cancel.state !== null}
        onOpenChange={(open) => (open ? null : cancel.close())}
        title="Cancel your DNS plan?"
        description={
          live
            ? `${live.plan.name} stays active until ${formatDay(live.currentPeriodEnd)} and then ends. It will not renew, and nothing is refunded. You can resume it any time before then.`
            : null
        }
        confirmLabel="Cancel plan"
        pendingLabel="Cancelling…"
        cancelLabel="Keep plan"
        tone="danger"
        onConfirm={cancel.confirm}
        pending={cancel.pending}
        returnFocusTo={returnFocusTo}
      >
        {cancel.state?.error ? <Alert>{cancel.state.error}</Alert> : null}
      </AlertDialog>
    </>
  )
}
