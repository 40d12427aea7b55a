import { Link } from '@remix-run/react'
import { topUpFor } from '#app/components/dns/top-up.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { formatDate, formatMoney } from '#app/lib/format.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { CYCLE_PERIOD, orderCharges } from './helpers.ts'
import type { ServiceActions } from './use-service-actions.ts'

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

function Facts({ rows }: { rows: [string, string, string?][] }) {
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

  return (
    <>
      <AlertDialog
        open={ordering !== undefined}
        onOpenChange={(open) => (open ? null : order.close())}
        title={ordering ? `Order ${ordering.product.name}?` : ''}
        description={
          ordering && charges
            ? `${formatMoney(charges.nowCents)} is taken from your custom credits now: ${charges.price.formatted} for the first ${period}${charges.setupFee.cents > 0 ? ` and a ${charges.setupFee.formatted} setup fee` : ''}. It then renews at ${charges.price.formatted} every ${period}.`
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
                  'Your custom credits',
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

      <AlertDialog
        open={cancelling !== undefined}
        onOpenChange={(open) => (open ? null : cancel.close())}
        title={cancelling ? `Cancel ${cancelling.product.name}?` : ''}
        description={
          cancelling
            ? `It stays yours until ${formatDate(cancelling.currentPeriodEnd)} and then ends. It will not renew, and nothing is refunded. You can resume it before then.`
            : null
        }
        confirmLabel="Cancel service"
        pendingLabel="Cancelling…"
        cancelLabel="Keep service"
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
