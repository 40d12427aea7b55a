import type { CreditTransaction } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'

export const ENTRY_TYPE_LABELS: Record<CreditTransaction['type'], string> = {
  purchase: 'Purchase',
  admin_add: 'Added by admin',
  admin_remove: 'Removed by admin',
  dns_plan_purchase: 'DNS plan purchase',
  dns_plan_renewal: 'DNS plan renewal',
  dns_plan_upgrade: 'DNS plan upgrade',
  service_purchase: 'Service purchase',
  service_setup_fee: 'Service setup fee',
  service_renewal: 'Service renewal',
  service_upgrade: 'Service upgrade',
  service_refund: 'Service refund',
  refund: 'Refund',
  chargeback: 'Chargeback',
}

export type CreditEntryView = {
  id: number
  type: CreditTransaction['type']
  typeLabel: string
  amount: Money
  balanceBefore: Money
  balanceAfter: Money
  description: string
  paymentMethod: string | null
  paymentReference: string | null
  reason: string | null
  adminUserId: number | null
  adminName: string | null
  createdAt: Date
}

/** What callers see of a journal entry (metadata stays internal). */
export function toEntryView(
  entry: CreditTransaction,
  adminName: string | null = null,
): CreditEntryView {
  return {
    id: entry.id,
    type: entry.type,
    typeLabel: ENTRY_TYPE_LABELS[entry.type],
    amount: money(entry.amountCents),
    balanceBefore: money(entry.balanceBeforeCents),
    balanceAfter: money(entry.balanceAfterCents),
    description: entry.description,
    paymentMethod: entry.paymentMethod,
    paymentReference: entry.paymentReference,
    reason: entry.reason,
    adminUserId: entry.adminUserId,
    adminName,
    createdAt: entry.createdAt,
  }
}
