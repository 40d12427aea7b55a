import { Link } from '@remix-run/react'
import type { ReactNode, RefObject } from 'react'
import { NotEnoughCredits } from '#app/components/credits/not-enough-credits.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import {
  canChangePlan,
  CYCLE_LABEL,
  CYCLE_PERIOD,
  FAMILY_LABEL,
  isLive,
  isUnpaid,
  renewalPrice,
  type Service,
} from './helpers.ts'
import { ServicesSection, ServiceStatusBadge } from './section.tsx'
import { ServiceControls } from './service-controls.tsx'
import { ServiceStatusExplanation } from './service-status.tsx'
import type { ServiceActions } from './use-service-actions.ts'

/** A card of the detail page, named by its heading. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card className="p-4">
      <ServicesSection id={id} title={title}>
        {children}
      </ServicesSection>
    </Card>
  )
}

/** The service's name, status and what the status means. */
export function ServiceHeader({
  service,
  headingRef,
}: {
  service: Service
  headingRef: RefObject<HTMLHeadingElement>
}) {
  return (
    <div className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/services" className="text-indigo-700 underline">
          Services
        </Link>{' '}
        / {service.product.name}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1
          ref={headingRef}
          tabIndex={-1}
          className="break-words text-2xl font-bold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
        >
          {service.product.name}
        </h1>
        <ServiceStatusBadge service={service} />
      </div>
      <p className="text-sm text-slate-600">
        {FAMILY_LABEL[service.family]} · ordered{' '}
        <LocalTime value={service.createdAt} format="date" />
      </p>
      <ServiceStatusExplanation service={service} />
    </div>
  )
}

/** Plan, cycle, period, the next renewal and its price, a scheduled switch. */
export function ServiceBilling({ service }: { service: Service }) {
  const live = isLive(service)
  const next = renewalPrice(service)
  const scheduled = service.scheduledProduct || service.scheduledCycle
  const nextCycle = service.scheduledCycle ?? service.cycle
  return (
    <Section id="service-billing" title="Plan and billing">
      <Facts
        rows={[
          ['Plan', service.product.name, 'service-plan'],
          [
            'Billing',
            `${CYCLE_LABEL[service.cycle]}, ${service.recurringPrice.formatted} per ${CYCLE_PERIOD[service.cycle]}`,
            'service-billing',
          ],
          [
            'Current period',
            <>
              <LocalTime value={service.currentPeriodStart} format="date" /> to{' '}
              <LocalTime value={service.currentPeriodEnd} format="date" />
            </>,
          ],
          ...(live && !service.cancelAtPeriodEnd
            ? ([
                [
                  'Next renewal',
                  <>
                    <LocalTime value={service.currentPeriodEnd} format="date" />
                    {next ? `, ${next.formatted} for the next ${CYCLE_PERIOD[nextCycle]}` : ''}
                  </>,
                  'service-next-renewal',
                ],
              ] as [string, ReactNode, string][])
            : []),
          ...(live && scheduled
            ? ([
                [
                  'Scheduled change',
                  `${(service.scheduledProduct ?? service.product).name}, ${CYCLE_LABEL[nextCycle].toLowerCase()}, from the period end`,
                  'service-scheduled',
                ],
              ] as [string, ReactNode, string][])
            : []),
          ['Auto-renew', service.autoRenew ? 'On' : 'Off'],
        ]}
      />
    </Section>
  )
}

/** What the admin recorded when setting the service up. */
export function ServiceAccess({ service }: { service: Service }) {
  if (service.family !== 'dedicated_server') return null
  return (
    <Section id="service-access" title="Server access">
      {service.provisionedAt ? (
        <Facts
          rows={[
            [
              'Hostname',
              <span className="break-all">{service.hostname ?? '—'}</span>,
              'service-hostname',
            ],
            [
              'IP address',
              <span className="break-all">{service.ipAddress ?? '—'}</span>,
              'service-ip',
            ],
            ['Ready since', <LocalTime value={service.provisionedAt} format="date" />],
          ]}
        />
      ) : (
        <p className="text-sm text-slate-600">
          Not set up yet. The hostname and IP address appear here once our team has set it up.
        </p>
      )}
    </Section>
  )
}

/** Change plan, pay now / resume / cancel, auto-renew. */
export function ServiceActionsCard({
  service,
  actions,
  balanceCents,
  onChangePlan,
}: {
  service: Service
  actions: ServiceActions
  balanceCents: number | null
  onChangePlan: () => void
}) {
  if (!isLive(service)) return null
  const due = isUnpaid(service) ? renewalPrice(service) : null
  const missing = due && balanceCents !== null ? Math.max(0, due.cents - balanceCents) : 0
  return (
    <Section id="service-actions" title="Manage">
      {service.family === 'dns' ? (
        <p className="text-sm">
          <Link to="/dns-plans" className="font-semibold text-indigo-700 underline">
            Change your DNS plan on the DNS plans page
          </Link>
        </p>
      ) : canChangePlan(service) ? (
        <Button variant="secondary" disabled={actions.busy} onClick={onChangePlan}>
          Change plan
        </Button>
      ) : (
        <p className="text-sm text-slate-600">
          {service.status === 'pending'
            ? 'You can change the plan once the service is set up.'
            : 'Pay the overdue renewal first; then you can change the plan.'}
        </p>
      )}
      {missing > 0 ? <NotEnoughCredits missingCents={missing} /> : null}
      <ServiceControls
        service={service}
        actions={actions}
        payNowLabel={due ? `Pay ${due.formatted} now` : undefined}
      />
    </Section>
  )
}
