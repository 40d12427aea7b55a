import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { CYCLE_LABEL, CYCLE_PERIOD, FAMILY_LABEL, isLive, STATUS, type Service } from './helpers.ts'
import type { ServiceActions } from './use-service-actions.ts'

function ServiceCard({ service, actions }: { service: Service; actions: ServiceActions }) {
  const status = STATUS[service.status]
  const live = isLive(service)
  const renewal = service.nextRecurringPrice ?? service.recurringPrice
  const switchId = `auto-renew-${service.id}`
  return (
    <li>
      <Card className="space-y-3 p-4" data-testid="my-service">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 className="break-words font-semibold">{service.product.name}</h3>
            <p className="text-sm text-slate-600">{FAMILY_LABEL[service.family]}</p>
          </div>
          <Badge tone={status.tone} data-testid="service-status">
            {status.label}
          </Badge>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Billing</dt>
          <dd>
            {CYCLE_LABEL[service.cycle]},{' '}
            <span className="tabular-nums" data-testid="service-price">
              {renewal.formatted}
            </span>{' '}
            per {CYCLE_PERIOD[service.cycle]}
          </dd>
          <dt className="text-slate-500">
            {live && !service.cancelAtPeriodEnd ? 'Next renewal' : 'Paid until'}
          </dt>
          <dd>
            <LocalTime value={service.currentPeriodEnd} format="date" />
          </dd>
          {service.hostname ? (
            <>
              <dt className="text-slate-500">Hostname</dt>
              <dd className="break-all">{service.hostname}</dd>
            </>
          ) : null}
        </dl>
        {live ? (
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
            {service.cancelAtPeriodEnd ? (
              <Button
                key="resume"
                size="sm"
                onClick={() => actions.resume.run(service)}
                pending={actions.resume.pending}
                pendingLabel="Resuming…"
                disabled={actions.busy}
              >
                Resume {service.product.name}
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
        ) : null}
      </Card>
    </li>
  )
}

/** The customer's services, newest first, each with its renewal controls. */
export function MyServices({
  services,
  actions,
}: {
  services: Service[]
  actions: ServiceActions
}) {
  return (
    <section aria-labelledby="my-services" className="space-y-3">
      <h2
        id="my-services"
        ref={actions.servicesHeading}
        tabIndex={-1}
        className="text-lg font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
      >
        My services
      </h2>
      {services.length === 0 ? (
        <p className="text-sm text-slate-600">You have no services yet. Order one below.</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {services.map((service) => (
            <ServiceCard key={service.id} service={service} actions={actions} />
          ))}
        </ul>
      )}
    </section>
  )
}
