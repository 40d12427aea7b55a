import type { ServiceStatus } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'
import type { PricedProduct, ProductView, ServiceView } from '../services/views.ts'

/**
 * The DNS plans as the dnsPlans API has always shown them, read from the services engine: a
 * plan is a `dns` product sold monthly, a subscription is the user's DNS service.
 */
export type DnsPlan = {
  id: number
  slug: string
  name: string
  description: string
  priceCents: number
  billingPeriod: 'monthly'
  maxDomains: number
  maxRecords: number
  features: string[]
  isActive: boolean
  displayOrder: number
}

export function toDnsPlan(product: PricedProduct): DnsPlan {
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    priceCents: product.prices.monthly ?? 0,
    billingPeriod: 'monthly',
    maxDomains: Number(product.limits.maxDomains ?? 0),
    maxRecords: Number(product.limits.maxRecords ?? 0),
    features: product.features,
    isActive: product.visibility === 'active',
    displayOrder: product.displayOrder,
  }
}

export function dnsPlanOf(product: ProductView): DnsPlan {
  return toDnsPlan({
    ...product,
    setupFeeCents: product.setupFee.cents,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    prices: Object.fromEntries(product.prices.map((p) => [p.cycle, p.price.cents])),
  })
}

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

/** The documented DNS statuses (README, REST): the engine's richer ones map onto them. */
export type SubscriptionStatus = 'active' | 'past_due' | 'cancelled' | 'expired'

export function toSubscriptionStatus(status: ServiceStatus): SubscriptionStatus {
  switch (status) {
    case 'pending':
    case 'active':
      return 'active'
    case 'past_due':
    case 'suspended':
      return 'past_due'
    case 'cancelled':
      return 'cancelled'
    case 'terminated':
      return 'expired'
  }
}

export type SubscriptionView = {
  id: number
  status: SubscriptionStatus
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
  service: ServiceView,
  plan: DnsPlan,
  scheduledPlan: DnsPlan | null,
): SubscriptionView {
  return {
    id: service.id,
    status: toSubscriptionStatus(service.status),
    plan: toPlanView(plan),
    scheduledPlan: scheduledPlan ? toPlanView(scheduledPlan) : null,
    currentPeriodStart: service.currentPeriodStart,
    currentPeriodEnd: service.currentPeriodEnd,
    pricePaid: service.pricePaid,
    autoRenew: service.autoRenew,
    cancelAtPeriodEnd: service.cancelAtPeriodEnd,
    lastPaymentAt: service.lastPaymentAt,
    nextPaymentAt: service.nextPaymentAt,
    // A DNS plan ends when the grace days are over (it is never held suspended).
    graceEndsAt: service.terminatesAt,
  }
}
