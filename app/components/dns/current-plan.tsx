import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Link } from '@remix-run/react'
import { useEffect, type ReactNode, type RefObject } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { formatDay, isLive, type Subscription } from './helpers.ts'

const STATUS: Record<Subscription['status'], { label: string; tone: 'green' | 'amber' | 'slate' }> =
  {
    active: { label: 'Active', tone: 'green' },
    past_due: { label: 'Payment overdue', tone: 'amber' },
    cancelled: { label: 'Cancelled', tone: 'slate' },
    expired: { label: 'Expired', tone: 'slate' },
  }

/** Where focus goes after a plan change (usePlanActions' `summaryFocus`). */
export type SummaryFocus = {
  ref: RefObject<HTMLHeadingElement>
  wanted: boolean
  release: () => void
}

/**
 * The user's plan as it stands: status, renewal or end date, overdue and scheduled notes.
 * After a change its heading takes focus (`focus.wanted`), also when it first appears or the
 * refreshed plan arrives after the dialog closed.
 */
export function CurrentPlanSummary({
  subscription,
  actions,
  focus,
}: {
  subscription: Subscription
  actions?: ReactNode
  focus?: SummaryFocus
}) {
  const wanted = focus?.wanted ?? false
  const branding = useBranding()
  const heading = focus?.ref
  useEffect(() => {
    if (wanted) heading?.current?.focus()
  }, [wanted, heading, subscription])

  const live = isLive(subscription)
  const status = STATUS[subscription.status]
  const end = formatDay(subscription.currentPeriodEnd)
  const nextPlan = subscription.scheduledPlan ?? subscription.plan
  return (
    <Card className="space-y-4" aria-labelledby="current-dns-plan" data-testid="current-dns-plan">
      <div className="flex flex-wrap items-center gap-3">
        <h2
          id="current-dns-plan"
          ref={focus?.ref}
          tabIndex={-1}
          onBlur={focus?.release}
          className="text-lg font-semibold"
        >
          {live ? 'Your plan' : 'Your previous plan'}: {subscription.plan.name}
        </h2>
        {subscription.cancelAtPeriodEnd && subscription.status === 'active' ? (
          <Badge tone="amber">Cancelled at period end</Badge>
        ) : (
          <Badge tone={status.tone}>{status.label}</Badge>
        )}
      </div>

      {subscription.status === 'active' && !subscription.cancelAtPeriodEnd ? (
        <p className="text-sm text-slate-700" data-testid="dns-plan-period">
          Renews on {end} for {nextPlan.price.formatted}, paid from your {creditsInText(branding)}.
        </p>
      ) : null}
      {live && subscription.cancelAtPeriodEnd ? (
        <p className="text-sm text-slate-700" data-testid="dns-plan-period">
          Ends on {end}. It will not renew.
        </p>
      ) : null}
      {subscription.status === 'past_due' && subscription.graceEndsAt ? (
        <Alert tone="error">
          Payment overdue — add credits by {formatDay(subscription.graceEndsAt)}.{' '}
          <Link to="/billing?tab=credits" className="font-semibold underline">
            Add {creditsInText(branding)}
          </Link>{' '}
          so the plan renews for {nextPlan.price.formatted}; otherwise it expires then.
        </Alert>
      ) : null}
      {subscription.status === 'cancelled' ? (
        <p className="text-sm text-slate-700">
          This plan was cancelled. Choose a plan below to start a new one.
        </p>
      ) : null}
      {subscription.status === 'expired' ? (
        <p className="text-sm text-slate-700">
          This plan expired on {end}. Choose a plan below to start a new one.
        </p>
      ) : null}

      {live && subscription.scheduledPlan ? (
        <Alert tone="info" data-testid="scheduled-downgrade">
          Switching to {subscription.scheduledPlan.name} on {end} (
          {subscription.scheduledPlan.price.formatted}/month). Until then you keep{' '}
          {subscription.plan.name}.
        </Alert>
      ) : null}

      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </Card>
  )
}
