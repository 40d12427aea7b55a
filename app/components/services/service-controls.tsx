import { Button } from '#app/components/ui/button.tsx'
import { isLive, isUnpaid, type Service } from './helpers.ts'
import type { ServiceActions } from './use-service-actions.ts'

/**
 * A live service's renewal controls: the auto-renew switch, and cancel at the period end or
 * resume (for an unpaid service, resuming pays the renewal from the credits: "pay now").
 */
export function ServiceControls({
  service,
  actions,
  payNowLabel,
}: {
  service: Service
  actions: ServiceActions
  /** Past due or suspended: the resume button's words ("Pay $129.00 now"). */
  payNowLabel?: string
}) {
  if (!isLive(service)) return null
  const switchId = `auto-renew-${service.id}`
  const resume = service.cancelAtPeriodEnd || isUnpaid(service)
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <label htmlFor={switchId} className="flex items-center gap-2 text-sm">
        <input
          id={switchId}
          type="checkbox"
          className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
          checked={service.autoRenew}
          disabled={actions.busy}
          onChange={(event) => actions.autoRenew.set(service, event.currentTarget.checked)}
        />
        Auto-renew
      </label>
      {resume ? (
        <Button
          key="resume"
          size="sm"
          onClick={() => actions.resume.run(service)}
          pending={actions.resume.pending}
          pendingLabel={isUnpaid(service) ? 'Paying…' : 'Resuming…'}
          disabled={actions.busy}
        >
          {isUnpaid(service) ? (payNowLabel ?? 'Pay now') : `Resume ${service.product.name}`}
        </Button>
      ) : (
        <Button
          key="cancel"
          size="sm"
          variant="secondary"
          disabled={actions.busy}
          onClick={() => actions.cancel.open(service)}
        >
          Cancel {service.product.name}
        </Button>
      )}
    </div>
  )
}
