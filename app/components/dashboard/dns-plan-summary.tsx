import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Link } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import type { Wire } from '#app/lib/trpc.ts'
import { RenewalWarning } from '#app/components/dns/renewal-warning.tsx'
import type { Dashboard } from '#server/services/billing/get-dashboard.ts'

/** The DNS plan in one card: which, until when, what the next renewal costs and whether it is covered. */
export function DnsPlanSummary({ dns }: { dns: Wire<Dashboard['dns']> }) {
  const { subscription, renewal } = dns
  const credits = creditsInText(useBranding())
  const live = subscription?.status === 'active' || subscription?.status === 'past_due'
  return (
    <Card aria-labelledby="dashboard-dns-title" className="space-y-3" data-testid="dashboard-dns">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="dashboard-dns-title" className="text-lg font-semibold">
          DNS plan
        </h2>
        <Link to="/dns-plans" className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
          {live ? 'Manage plan' : 'See plans'}
        </Link>
      </div>
      {subscription && live ? (
        <>
          <p className="flex flex-wrap items-center gap-2">
            <span className="text-xl font-semibold">{subscription.plan.name}</span>
            {subscription.status === 'past_due' ? (
              <Badge tone="amber">Payment overdue</Badge>
            ) : subscription.cancelAtPeriodEnd ? (
              <Badge tone="slate">Ends at period end</Badge>
            ) : (
              <Badge tone="green">Active</Badge>
            )}
          </p>
          {renewal ? (
            <p className="text-sm text-slate-700" data-testid="dashboard-renewal">
              {renewal.overdue ? 'Overdue renewal' : 'Next renewal'}:{' '}
              <span className="font-semibold tabular-nums">{renewal.amount.formatted}</span>{' '}
              {renewal.overdue ? 'by ' : 'on '}
              <LocalTime value={renewal.at} format="date" />, from your {credits}.
            </p>
          ) : (
            <p className="text-sm text-slate-700">
              Ends on <LocalTime value={subscription.currentPeriodEnd} format="date" />; it will not
              renew.
            </p>
          )}
          {renewal && !renewal.covered ? <RenewalWarning renewal={renewal} /> : null}
        </>
      ) : (
        <Alert tone="info">
          {subscription
            ? `Your ${subscription.plan.name} plan has ${subscription.status === 'expired' ? 'expired' : 'ended'}.`
            : 'You have no DNS plan yet.'}{' '}
          Pick one on the DNS plans page; plans are paid from your custom credits.
        </Alert>
      )}
    </Card>
  )
}
