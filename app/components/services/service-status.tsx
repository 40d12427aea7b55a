import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { Alert } from '#app/components/ui/alert.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import type { Service } from './helpers.ts'

/** What the status means for the customer, in plain words, with its deadline if there is one. */
export function ServiceStatusExplanation({ service }: { service: Service }) {
  const period = <LocalTime value={service.currentPeriodEnd} format="date" />
  const credits = creditsInText(useBranding())
  switch (service.status) {
    case 'pending':
      return (
        <Alert tone="info" data-testid="status-explanation">
          Paid, and being set up by our team. We will let you know when it is ready; its access
          details then appear below.
        </Alert>
      )
    case 'active':
      return (
        <p className="text-sm text-slate-700" data-testid="status-explanation">
          {service.cancelAtPeriodEnd ? (
            <>Running until {period}, then it ends as you asked. Resume it to keep it.</>
          ) : (
            <>
              Running. It renews from your {credits} on {period}.
            </>
          )}
        </p>
      )
    case 'past_due':
      return (
        <Alert tone="warning" title="Payment overdue" data-testid="status-explanation">
          The renewal on {period} could not be paid from your {credits}. It keeps running until{' '}
          <LocalTime value={service.graceEndsAt} format="date" />; unpaid by then, it is suspended.
          Pay now to renew it.
        </Alert>
      )
    case 'suspended':
      return (
        <Alert tone="warning" title="Suspended" data-testid="status-explanation">
          The renewal on {period} was not paid, so the service is suspended. Pay before{' '}
          <LocalTime value={service.terminatesAt} format="date" /> to resume it; after that it is
          ended for good.
        </Alert>
      )
    case 'cancelled':
      return (
        <p className="text-sm text-slate-700" data-testid="status-explanation">
          Cancelled at your request; it ended on <LocalTime value={service.endedAt} format="date" />
          .
        </p>
      )
    case 'terminated':
      return (
        <p className="text-sm text-slate-700" data-testid="status-explanation">
          Ended on <LocalTime value={service.endedAt} format="date" />.
        </p>
      )
  }
}
