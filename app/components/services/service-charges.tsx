import type { ReactNode } from 'react'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { ServicesSection } from './section.tsx'

type Charge = RouterOutputs['services']['charges'][number]

const KIND_LABEL: Record<Charge['kind'], string> = {
  purchase: 'First period',
  setup_fee: 'Setup fee',
  renewal: 'Renewal',
  upgrade: 'Upgrade (rest of period)',
}

/** What this service cost, newest first: each charge, the period it paid for, any refund. */
export function ServiceCharges({
  charges,
  documentFor,
}: {
  charges: Charge[]
  /** A last "Invoice" column: the charge's invoice link, if it has one. */
  documentFor?: (charge: Charge) => ReactNode
}) {
  return (
    <ServicesSection id="service-charges" title="Charges">
      {charges.length === 0 ? (
        <p className="text-sm text-slate-600">No charges yet.</p>
      ) : (
        <DataTable
          label="Charges of this service"
          stack
          head={
            <>
              <TH>Date</TH>
              <TH>Charge</TH>
              <TH>Period</TH>
              <TH className="text-right">Amount</TH>
              {documentFor ? <TH>Invoice</TH> : null}
            </>
          }
        >
          {charges.map((charge) => (
            <TR key={charge.id} data-testid="service-charge">
              <TD label="Date" className="whitespace-nowrap">
                <LocalTime value={charge.createdAt} format="date" />
              </TD>
              <TD label="Charge">
                {KIND_LABEL[charge.kind]}
                <span className="block text-xs text-slate-500">{charge.productName}</span>
              </TD>
              <TD label="Period" className="whitespace-nowrap">
                <LocalTime value={charge.periodStart} format="date" /> to{' '}
                <LocalTime value={charge.periodEnd} format="date" />
              </TD>
              <TD label="Amount" className="text-right tabular-nums">
                <span data-testid="charge-amount">{charge.amount.formatted}</span>
                {charge.refunded.cents > 0 ? (
                  <span className="block text-xs text-slate-500">
                    {charge.refunded.formatted} refunded
                  </span>
                ) : null}
              </TD>
              {documentFor ? (
                <TD label="Invoice" className="whitespace-nowrap">
                  {documentFor(charge)}
                </TD>
              ) : null}
            </TR>
          ))}
        </DataTable>
      )}
    </ServicesSection>
  )
}
