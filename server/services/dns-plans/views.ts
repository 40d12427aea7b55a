import type { DnsPlan, DnsPlanSubscription } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'

export type PlanView = {
  id: number
  slug: string
  name: string
  description: string
  price: Money
  billingPeriod: DnsPlan['billingPeriod']
  maxDomains: number
  maxRecords: number
  features: string[]
  isActive: boolean
  displayOrder: number
}

export function toPlanView(plan: DnsPlan): PlanView {
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    description: plan.description,
    price: money(plan.priceCents),
    billingPeriod: plan.billingPeriod,
    maxDomains: plan.maxDomains,
    maxRecords: plan.maxRecords,
    features: plan.features,
    isActive: plan.isActive,
    displayOrder: plan.displayOrder,
  }
}

export type SubscriptionView = {
  id: number
  status: DnsPlanSubscription['status']
  plan: PlanView
  scheduledPlan: PlanView | null
  currentPeriodStart: Date
  currentPeriodEnd: Date
  pricePaid: Money
  autoRenew: boolean
  cancelAtPeriodEnd: boolean
  lastPaymentAt: Date | null
  nextPaymentAt: Date | null
  /** When a past-due subscription expires if still unpaid. */
  graceEndsAt: Date | null
}

export function toSubscriptionView(
  subscription: DnsPlanSubscription,
  plan: DnsPlan,
  scheduledPlan: DnsPlan | null,
  graceDays: number,
): SubscriptionView {
  return {
    id: subscription.id,
    status: subscription.status,
    plan: toPlanView(plan),
    scheduledPlan: scheduledPlan ? toPlanView(scheduledPlan) : null,
    currentPeriodStart: subscription.currentPeriodStart,
    currentPeriodEnd: subscription.currentPeriodEnd,
    pricePaid: money(subscription.pricePaidCents),
    autoRenew: subscription.autoRenew,
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    lastPaymentAt: subscription.lastPaymentAt,
    nextPaymentAt: subscription.nextPaymentAt,
    graceEndsAt:
      subscription.status === 'past_due'
        ? new Date(subscription.currentPeriodEnd.getTime() + graceDays * 24 * 60 * 60 * 1000)
        : null,
  }
}
