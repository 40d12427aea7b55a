import type { Topup } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'

export type TopupView = {
  id: number
  purpose: Topup['purpose']
  status: Topup['status']
  amount: Money
  tokens: number | null
  paypalOrderId: string | null
  createdAt: Date
  completedAt: Date | null
}

export function toTopupView(topup: Topup): TopupView {
  return {
    id: topup.id,
    purpose: topup.purpose,
    status: topup.status,
    amount: money(topup.amountCents),
    tokens: topup.tokens,
    paypalOrderId: topup.paypalOrderId,
    createdAt: topup.createdAt,
    completedAt: topup.completedAt,
  }
}
