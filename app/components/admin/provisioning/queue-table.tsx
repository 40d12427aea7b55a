import { familyNoun, limitsSummary } from '#app/components/admin/catalog/limits-summary.ts'
import { UserCell } from '#app/components/admin/user-cell.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import type { QueueItem } from './use-provisioning-queue.ts'

/**
 * "Dedicated server X ordered by Y — provision it": one row per paid service waiting for an
 * admin, oldest first. Scrolls sideways inside its own focusable region on a phone.
 */
export function QueueTable({
  items,
  onProvision,
}: {
  items: QueueItem[]
  onProvision: (item: QueueItem) => void
}) {
  if (items.length === 0)
    return (
      <EmptyState
        title="Nothing to provision"
        description="Paid services of the families provisioned by hand appear here until an admin marks them active."
      />
    )
  return (
    <DataTable
      label="Services to provision"
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          <TH>Service</TH>
          <TH>Ordered by</TH>
          <TH>Ordered</TH>
          <ActionsHead label="Action" />
        </>
      }
    >
      {items.map((item) => (
        <TR key={item.serviceId} data-testid="provisioning-queue-row">
          <TD className="min-w-[16rem] max-w-md">
            <p className="font-medium text-slate-900">
              {familyNoun(item.family)} {item.product.name}{' '}
              <span className="font-normal tabular-nums text-slate-600">#{item.serviceId}</span>
            </p>
            <p className="text-xs text-slate-600">
              {limitsSummary(item.family, item.product.limits)}
            </p>
            <p className="text-xs capitalize text-slate-600">{item.cycle}</p>
          </TD>
          <UserCell className="min-w-[10rem]" user={item.user} />
          <TD className="whitespace-nowrap text-xs">
            <LocalTime value={item.orderedAt} />
          </TD>
          <TD className="text-right">
            <Button
              size="sm"
              aria-label={`Provision service #${item.serviceId} (${item.product.name} for ${item.user.name})`}
              onClick={() => onProvision(item)}
            >
              Provision
            </Button>
          </TD>
        </TR>
      ))}
    </DataTable>
  )
}
