import { Link } from '@remix-run/react'
import { CYCLE_LABEL, FAMILY_LABEL } from '#app/components/services/helpers.ts'
import { Card } from '#app/components/ui/card.tsx'
import { Facts } from '#app/components/ui/facts.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { RenewalNote, StatusBadge } from './services-table.tsx'
import type { AdminService } from './use-admin-services.ts'

type Row = Parameters<typeof Facts>[0]['rows'][number]

/** The service as it stands: who, what, status, money, period and provisioning. */
export function ServiceFacts({ service }: { service: AdminService }) {
  const rows: (Row | false)[] = [
    [
      'Customer',
      <>
        <Link to={`/admin/users/${service.user.id}`} className="text-indigo-700 underline">
          {service.user.name}
        </Link>{' '}
        <span className="break-all text-slate-600">{service.user.email}</span>
      </>,
    ],
    ['Product', `${service.product.name} (${FAMILY_LABEL[service.family]})`],
    ['Status', <StatusBadge key="status" status={service.status} />, 'service-status'],
    ['Cycle', CYCLE_LABEL[service.cycle]],
    ['Renews at', service.recurringPrice.formatted, 'service-price'],
    service.nextRecurringPrice !== null && [
      'From next renewal',
      service.nextRecurringPrice.formatted,
    ],
    ['Paid this period', service.pricePaid.formatted],
    [
      'Current period',
      <>
        <LocalTime value={service.currentPeriodStart} format="date" /> –{' '}
        <LocalTime value={service.currentPeriodEnd} format="date" />
      </>,
      'service-period-end',
    ],
    ['Next renewal', <RenewalNote key="renewal" service={service} />],
    [
      'Auto-renew',
      `${service.autoRenew ? 'On' : 'Off'}${service.cancelAtPeriodEnd ? ' (cancels at period end)' : ''}`,
    ],
    service.graceEndsAt !== null && [
      'Suspended if unpaid',
      <LocalTime key="g" value={service.graceEndsAt} />,
    ],
    service.terminatesAt !== null && [
      'Terminated if unpaid',
      <LocalTime key="t" value={service.terminatesAt} />,
    ],
    service.hostname !== null && [
      'Hostname',
      <span key="h" className="break-all">
        {service.hostname}
      </span>,
    ],
    service.ipAddress !== null && ['IP address', service.ipAddress],
    service.provisionedAt !== null && [
      'Provisioned',
      <LocalTime key="p" value={service.provisionedAt} />,
    ],
    ['Ordered', <LocalTime key="o" value={service.createdAt} />],
  ]
  return (
    <Card className="p-4 sm:p-6">
      <h2 className="mb-3 text-lg font-semibold">Service</h2>
      <Facts rows={rows.filter((row): row is Row => row !== false)} />
    </Card>
  )
}
