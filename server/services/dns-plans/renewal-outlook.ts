import { money, type Money } from '#server/lib/money.ts'
import type { SubscriptionView } from './views.ts'

/**
 * What the next renewal will take from the custom credits and whether today's balance
 * covers it. Null when nothing will renew (no live plan, or cancelled at period end).
 * A past-due plan is due now: the renewal job retries the charge until the grace period ends.
 */
export type RenewalOutlook = {
  at: Date
  amount: Money
  overdue: boolean
  covered: boolean
  /** What is missing (zero when covered). */
  shortfall: Money
}

export function renewalOutlook(
  subscription: SubscriptionView | null,
  creditCents: number,
): RenewalOutlook | null {
  if (!subscription) return null
  const overdue = subscription.status === 'past_due'
  const renews =
    overdue ||
    (subscription.status === 'active' && subscription.autoRenew && !subscription.cancelAtPeriodEnd)
  if (!renews) return null
  const amountCents = (subscription.scheduledPlan ?? subscription.plan).price.cents
  return {
    at: overdue
      ? (subscription.graceEndsAt ?? subscription.currentPeriodEnd)
      : subscription.currentPeriodEnd,
    amount: money(amountCents),
    overdue,
    covered: creditCents >= amountCents,
    shortfall: money(Math.max(0, amountCents - creditCents)),
  }
}
