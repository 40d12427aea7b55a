import { Link } from '@remix-run/react'
import { UserCell } from '#app/components/admin/user-cell.tsx'
import { CYCLE_LABEL, FAMILY_LABEL, STATUS } from '#app/components/services/helpers.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import type { AdminServiceRow } from './use-admin-services.ts'

/** When it renews, or why it does not ("ends", "ended"). */
export function RenewalNote({ service }: { service: Omit<AdminServiceRow, 'user'> }) {
  if (service.endedAt)
    return (
      <>
        ended <LocalTime value={service.endedAt} format="date" />
      </>
    )
  if (service.cancelAtPeriodEnd || !service.autoRenew) return <>does not renew</>
  // The paid period runs from the order (ADR 024); a pending one renews once provisioned.
  return (
    <>
      renews <LocalTime value={service.nextPaymentAt ?? service.currentPeriodEnd} format="date" />
      {service.status === 'pending' ? ' once provisioned' : null}
    </>
  )
}

export function StatusBadge({ status }: { status: AdminServiceRow['status'] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>
}

const HEAD = (
  <>
    <TH>Service</TH>
    <TH>User</TH>
    <TH>Product</TH>
    <TH>Status</TH>
    <TH>Price</TH>
    <TH>Period ends</TH>
    <TH>Auto-renew</TH>
  </>
)

function ServiceRow({ service }: { service: AdminServiceRow }) {
  return (
    <TR data-testid="admin-service-row">
      <TD className="whitespace-nowrap">
        <Link
          to={`/admin/services/${service.id}`}
          className="font-medium tabular-nums text-indigo-700 hover:underline"
        >
          #{service.id}
        </Link>
      </TD>
      <UserCell className="min-w-[10rem]" user={service.user} />
      <TD className="min-w-[10rem]">
        <p className="font-medium text-slate-900">{service.product.name}</p>
        <p className="text-xs text-slate-600">{FAMILY_LABEL[service.family]}</p>
      </TD>
      <TD>
        <StatusBadge status={service.status} />
      </TD>
      <TD className="whitespace-nowrap tabular-nums">
        {service.recurringPrice.formatted}
        <p className="text-xs text-slate-600">{CYCLE_LABEL[service.cycle]}</p>
      </TD>
      <TD className="whitespace-nowrap text-xs">
        <LocalTime value={service.currentPeriodEnd} format="date" />
        <p className="text-slate-600">
          <RenewalNote service={service} />
        </p>
      </TD>
      <TD>{service.autoRenew ? 'On' : 'Off'}</TD>
    </TR>
  )
}

/**
 * Every customer's services, newest first (soonest due first when filtered by renewal), or
 * why there are none. Scrolls sideways inside its own focusable region on a phone.
 */
export function ServicesTable({
  items,
  filtered,
}: {
  items: AdminServiceRow[]
  filtered: boolean
}) {
  return items.length > 0 ? (
    <DataTable
      label="Services"
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={HEAD}
    >
      {items.map((service) => (
        <ServiceRow key={service.id} service={service} />
      ))}
    </DataTable>
  ) : (
    <EmptyState
      title={filtered ? 'No services match these filters' : 'No services yet'}
      description="A service is a customer's subscription to a catalog product (a DNS plan or a dedicated server)."
    />
  )
}
