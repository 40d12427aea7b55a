import { useRef, useState, type ReactNode } from 'react'
import { DocumentDownload } from '#app/components/documents/document-download.tsx'
import { useDocumentLinks } from '#app/components/documents/use-document-links.ts'
import { CYCLE_LABEL } from '#app/components/services/helpers.ts'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { centsToDecimal } from '#app/lib/money.ts'
import type { AdminService, ServiceCharge } from './use-admin-services.ts'
import { useServiceAdminActions } from './use-service-admin-actions.ts'
import { ValueReasonDialog } from './value-reason-dialog.tsx'

const KIND_LABEL: Record<ServiceCharge['kind'], string> = {
  purchase: 'Purchase',
  setup_fee: 'Setup fee',
  renewal: 'Renewal',
  upgrade: 'Upgrade',
}

const HEAD = (
  <>
    <TH>Charged</TH>
    <TH>For</TH>
    <TH className="text-right">Amount</TH>
    <TH className="text-right">Refunded</TH>
    <ActionsHead />
  </>
)

function ChargeRow({
  charge,
  onRefund,
  invoice,
}: {
  charge: ServiceCharge
  onRefund: () => void
  /** The charge's invoice download, when it has one. */
  invoice: ReactNode
}) {
  const kind = KIND_LABEL[charge.kind]
  return (
    <TR data-testid="service-charge-row">
      <TD label="Charged" className="whitespace-nowrap text-xs">
        <LocalTime value={charge.createdAt} />
      </TD>
      <TD label="For" className="min-w-[12rem]">
        <p className="font-medium text-slate-900">{kind}</p>
        <p className="text-xs text-slate-600">
          {charge.productName}, {CYCLE_LABEL[charge.cycle].toLowerCase()},{' '}
          <LocalTime value={charge.periodStart} format="date" /> –{' '}
          <LocalTime value={charge.periodEnd} format="date" />
        </p>
        {invoice}
      </TD>
      <TD label="Amount" className="text-right tabular-nums">
        {charge.amount.formatted}
      </TD>
      <TD label="Refunded" className="text-right tabular-nums">
        {charge.refunded.cents > 0 ? charge.refunded.formatted : '—'}
      </TD>
      <TD label="" className="text-right">
        {charge.refundable.cents > 0 && (
          <RowAction
            aria-label={`Refund ${kind.toLowerCase()} charge #${charge.id} (${charge.refundable.formatted} left)`}
            onClick={onRefund}
          >
            Refund
          </RowAction>
        )}
      </TD>
    </TR>
  )
}

/**
 * Every charge of the service, newest first, each refundable (in part) until refunded in
 * full; once a charge has nothing left its button goes, and focus goes to this heading.
 */
export function ServiceCharges({ service }: { service: AdminService }) {
  const { refund } = useServiceAdminActions(service)
  const [refunding, setRefunding] = useState<ServiceCharge | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const invoices = useDocumentLinks(
    { serviceChargeIds: service.charges.map((charge) => charge.id) },
    service.userId,
  ).charges
  const refundDialog = (
    <ValueReasonDialog
      title={(charge) => `Refund ${KIND_LABEL[charge.kind].toLowerCase()} charge #${charge.id}`}
      description={(charge) =>
        `Gives credits back to ${service.user.name}: up to ${charge.refundable.formatted} of ${charge.amount.formatted}. The service's status does not change (suspend or terminate it separately).`
      }
      field={(charge) => ({
        label: 'Amount (USD)',
        name: 'amount',
        inputMode: 'decimal',
        initial: centsToDecimal(charge.refundable.cents),
      })}
      submitLabel="Refund"
      pendingLabel="Refunding…"
      onSubmit={refund}
      subject={refunding}
      onClose={() => setRefunding(null)}
      returnFocusTo={heading}
    />
  )
  return (
    <Card className="space-y-3 p-4 sm:p-6">
      <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Charges
      </h2>
      {service.charges.length > 0 ? (
        <DataTable label="Charges" head={HEAD} stack>
          {service.charges.map((charge) => (
            <ChargeRow
              key={charge.id}
              charge={charge}
              onRefund={() => setRefunding(charge)}
              invoice={<DocumentDownload link={invoices[charge.id]} adminUserId={service.userId} />}
            />
          ))}
        </DataTable>
      ) : (
        <EmptyState title="No charges" description="Nothing was charged for this service." />
      )}
      {refundDialog}
    </Card>
  )
}
