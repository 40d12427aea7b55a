import type {
  BillingCycle,
  Product,
  ProductFamily,
  Service,
  ServiceCharge,
  ServiceStatus,
} from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** A product as the engine shows it: its exact price per offered cycle and its setup fee. */
export type ProductView = {
  id: number
  family: ProductFamily
  slug: string
  name: string
  description: string
  features: string[]
  limits: Record<string, unknown>
  setupFee: Money
  visibility: Product['visibility']
  displayOrder: number
  prices: { cycle: BillingCycle; price: Money }[]
}

export type PricedProduct = Product & { prices: Partial<Record<BillingCycle, number>> }

const CYCLE_ORDER: BillingCycle[] = ['monthly', 'quarterly', 'yearly']

export function toProductView(product: PricedProduct): ProductView {
  return {
    id: product.id,
    family: product.family,
    slug: product.slug,
    name: product.name,
    description: product.description,
    features: product.features,
    limits: product.limits,
    setupFee: money(product.setupFeeCents),
    visibility: product.visibility,
    displayOrder: product.displayOrder,
    prices: CYCLE_ORDER.flatMap((cycle) =>
      product.prices[cycle] === undefined ? [] : [{ cycle, price: money(product.prices[cycle]) }],
    ),
  }
}

export type LifecycleDays = { graceDays: number; terminateAfterDays: number }

export type ServiceView = {
  id: number
  userId: number
  family: ProductFamily
  status: ServiceStatus
  cycle: BillingCycle
  product: ProductView
  scheduledProduct: ProductView | null
  scheduledCycle: BillingCycle | null
  currentPeriodStart: Date
  currentPeriodEnd: Date
  pricePaid: Money
  /** What each renewal charges (the price locked at purchase)… */
  recurringPrice: Money
  /** …unless an announced catalog change applies from the next renewal. */
  nextRecurringPrice: Money | null
  autoRenew: boolean
  cancelAtPeriodEnd: boolean
  hostname: string | null
  ipAddress: string | null
  provisionedAt: Date | null
  lastPaymentAt: Date | null
  nextPaymentAt: Date | null
  /** Past due: when it is suspended if still unpaid. */
  graceEndsAt: Date | null
  /** Past due or suspended: when it is terminated if still unpaid. */
  terminatesAt: Date | null
  endedAt: Date | null
  createdAt: Date
}

/** Unpaid since the current period ended: suspension and termination are counted from then. */
export function unpaidDeadlines(
  service: Pick<Service, 'status' | 'currentPeriodEnd'>,
  days: LifecycleDays,
): { graceEndsAt: Date | null; terminatesAt: Date | null } {
  if (service.status !== 'past_due' && service.status !== 'suspended')
    return { graceEndsAt: null, terminatesAt: null }
  const graceEndsAt = new Date(service.currentPeriodEnd.getTime() + days.graceDays * DAY_MS)
  return {
    graceEndsAt,
    terminatesAt: new Date(graceEndsAt.getTime() + days.terminateAfterDays * DAY_MS),
  }
}

export function toServiceView(
  service: Service,
  product: PricedProduct,
  scheduledProduct: PricedProduct | null,
  days: LifecycleDays,
): ServiceView {
  return {
    id: service.id,
    userId: service.userId,
    family: service.family,
    status: service.status,
    cycle: service.cycle,
    product: toProductView(product),
    scheduledProduct: scheduledProduct ? toProductView(scheduledProduct) : null,
    scheduledCycle: service.scheduledCycle,
    currentPeriodStart: service.currentPeriodStart,
    currentPeriodEnd: service.currentPeriodEnd,
    pricePaid: money(service.pricePaidCents),
    recurringPrice: money(service.recurringPriceCents),
    nextRecurringPrice:
      service.nextRecurringPriceCents === null ? null : money(service.nextRecurringPriceCents),
    autoRenew: service.autoRenew,
    cancelAtPeriodEnd: service.cancelAtPeriodEnd,
    hostname: service.hostname,
    ipAddress: service.ipAddress,
    provisionedAt: service.provisionedAt,
    lastPaymentAt: service.lastPaymentAt,
    nextPaymentAt: service.nextPaymentAt,
    ...unpaidDeadlines(service, days),
    endedAt: service.endedAt,
    createdAt: service.createdAt,
  }
}

/** One charge of a service, with what admins refunded of it so far and what is left. */
export type ServiceChargeView = {
  id: number
  kind: ServiceCharge['kind']
  productId: number
  productName: string
  cycle: BillingCycle
  periodStart: Date
  periodEnd: Date
  amount: Money
  refunded: Money
  refundable: Money
  createdAt: Date
}

export function toServiceChargeView(charge: ServiceCharge, productName: string): ServiceChargeView {
  return {
    id: charge.id,
    kind: charge.kind,
    productId: charge.productId,
    productName,
    cycle: charge.cycle,
    periodStart: charge.periodStart,
    periodEnd: charge.periodEnd,
    amount: money(charge.amountCents),
    refunded: money(charge.refundedCents),
    refundable: money(charge.amountCents - charge.refundedCents),
    createdAt: charge.createdAt,
  }
}
