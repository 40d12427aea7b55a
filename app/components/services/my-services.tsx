import { Link } from '@remix-run/react'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { CYCLE_LABEL, CYCLE_PERIOD, FAMILY_LABEL, isLive, type Service } from './helpers.ts'
import { CardGrid, ServicesSection, ServiceStatusBadge } from './section.tsx'
import { ServiceControls } from './service-controls.tsx'
import type { ServiceActions } from './use-service-actions.ts'

function ServiceCard({ service, actions }: { service: Service; actions: ServiceActions }) {
  const live = isLive(service)
  const renewal = service.nextRecurringPrice ?? service.recurringPrice
  return (
    <Card className="space-y-3 p-4" data-testid="my-service">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="break-words font-semibold">
            <Link
              to={`/services/${service.id}`}
              className="text-indigo-700 underline hover:text-indigo-900"
              data-testid="service-link"
            >
              {service.product.name}
            </Link>
          </h3>
          <p className="text-sm text-slate-600">{FAMILY_LABEL[service.family]}</p>
        </div>
        <ServiceStatusBadge service={service} />
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
          {service.status === 'past_due'
            ? 'Renewal overdue since'
            : live && !service.cancelAtPeriodEnd
              ? 'Next renewal'
              : 'Paid until'}
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
      <ServiceControls service={service} actions={actions} />
    </Card>
  )
}

/** The customer's services, newest first, each with its renewal controls and a link to it. */
export function MyServices(props: { services: Service[]; actions: ServiceActions }) {
  return (
    <ServicesSection
      id="my-services"
      title="My services"
      headingRef={props.actions.servicesHeading}
    >
      <CardGrid
        items={props.services}
        empty="You have no services yet. Order one below."
        columns="md:grid-cols-2"
        card={(service) => <ServiceCard service={service} actions={props.actions} />}
      />
    </ServicesSection>
  )
}
