import { isLive } from '#app/components/dns/helpers.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatDate } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { DnsSubscriptionActions } from './dns-subscription-actions.tsx'

export type DnsOverview = RouterOutputs['admin']['dnsPlans']['subscription']
export type AdminSubscription = NonNullable<DnsOverview['subscription']>

const STATUS_TONES: Record<AdminSubscription['status'], 'green' | 'amber' | 'slate' | 'red'> = {
  active: 'green',
  past_due: 'amber',
  cancelled: 'slate',
  expired: 'red',
}

export function DnsSubscriptionCard({
  userId,
  subscription,
  graceDays,
}: {
  userId: number
  subscription: AdminSubscription | null
  graceDays: number
}) {
  if (!subscription) {
    return (
      <Card>
        <h2 className="text-lg font-semibold">DNS plan</h2>
        <p className="mt-2 text-sm text-slate-600">This user has never had a DNS plan.</p>
      </Card>
    )
  }
  const live = isLive(subscription)
  const periodEnd = subscription.currentPeriodEnd
  return (
    <Card className="space-y-4" data-testid="admin-dns-subscription">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{subscription.plan.name}</h2>
        <Badge tone={STATUS_TONES[subscription.status]}>{subscription.status}</Badge>
        {live && subscription.cancelAtPeriodEnd ? (
          <Badge tone="amber">ends at period end</Badge>
        ) : null}
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-600">Plan</dt>
        <dd>
          {subscription.plan.name} · {subscription.plan.price.formatted}/month
          {subscription.plan.isActive ? null : (
            <span className="text-slate-600"> (plan inactive)</span>
          )}
        </dd>
        <dt className="text-slate-600">Status</dt>
        <dd>{subscription.status.replace('_', ' ')}</dd>
        <dt className="text-slate-600">Current period</dt>
        <dd>
          <LocalTime value={subscription.currentPeriodStart} /> → <LocalTime value={periodEnd} />
        </dd>
        <dt className="text-slate-600">Paid for this period</dt>
        <dd className="tabular-nums">{subscription.pricePaid.formatted}</dd>
        <dt className="text-slate-600">Auto-renew</dt>
        <dd>{subscription.autoRenew ? 'On' : 'Off'}</dd>
        <dt className="text-slate-600">Cancel at period end</dt>
        <dd>{subscription.cancelAtPeriodEnd ? 'Yes' : 'No'}</dd>
        {subscription.scheduledPlan ? (
          <>
            <dt className="text-slate-600">Scheduled switch</dt>
            <dd>
              To {subscription.scheduledPlan.name} ({subscription.scheduledPlan.price.formatted}
              /month) on {formatDate(periodEnd)}
            </dd>
          </>
        ) : null}
        <dt className="text-slate-600">Last payment</dt>
        <dd>
          <LocalTime value={subscription.lastPaymentAt} />
        </dd>
        <dt className="text-slate-600">Next payment</dt>
        <dd>
          <LocalTime value={subscription.nextPaymentAt} />
        </dd>
        {subscription.graceEndsAt ? (
          <>
            <dt className="text-slate-600">Grace ends</dt>
            <dd className="text-rose-700">
              <LocalTime value={subscription.graceEndsAt} /> ({graceDays} days after the period end)
            </dd>
          </>
        ) : null}
      </dl>
      {live ? (
        <DnsSubscriptionActions userId={userId} subscription={subscription} />
      ) : (
        <p className="border-t border-slate-100 pt-4 text-sm text-slate-600">
          This plan is {subscription.status}; there is nothing to cancel or extend.
        </p>
      )}
    </Card>
  )
}
