import type { RouterOutputs } from '#app/lib/trpc.ts'

export type Product = RouterOutputs['services']['catalog']['list'][number]
export type Service = RouterOutputs['services']['myServices'][number]
export type Cycle = Service['cycle']

/** The loader's and the page's inputs: the same query keys, so the prefetch is used. */
export const SERVER_CATALOG = { family: 'dedicated_server' } as const
export const MY_SERVICES = {} as const

/** "per month", for prices and renewals. */
export const CYCLE_PERIOD: Record<Cycle, string> = {
  monthly: 'month',
  quarterly: '3 months',
  yearly: 'year',
}
export const CYCLE_LABEL: Record<Cycle, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  yearly: 'Yearly',
}

export const FAMILY_LABEL: Record<Service['family'], string> = {
  dns: 'DNS plan',
  dedicated_server: 'Dedicated server',
}

export const STATUS: Record<
  Service['status'],
  { label: string; tone: 'green' | 'amber' | 'red' | 'slate' | 'indigo' }
> = {
  pending: { label: 'Being set up', tone: 'indigo' },
  active: { label: 'Active', tone: 'green' },
  past_due: { label: 'Payment overdue', tone: 'amber' },
  suspended: { label: 'Suspended', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'slate' },
  terminated: { label: 'Ended', tone: 'slate' },
}

/** A service the customer still holds (the server's LIVE_SERVICE_STATUSES). */
export const isLive = (service: Service) =>
  service.status === 'pending' ||
  service.status === 'active' ||
  service.status === 'past_due' ||
  service.status === 'suspended'

/** What an order of `product` on `cycle` charges now (price + setup fee) and at each renewal. */
export function orderCharges(product: Product, cycle: Cycle) {
  const price = product.prices.find((entry) => entry.cycle === cycle)?.price ?? null
  if (!price) return null
  return {
    price,
    setupFee: product.setupFee,
    nowCents: price.cents + product.setupFee.cents,
  }
}

/** What the next renewal charges: a scheduled switch's price, an announced price, or the locked one. */
export function renewalPrice(service: Service) {
  if (service.scheduledProduct || service.scheduledCycle) {
    const product = service.scheduledProduct ?? service.product
    const cycle = service.scheduledCycle ?? service.cycle
    return product.prices.find((entry) => entry.cycle === cycle)?.price ?? null
  }
  return service.nextRecurringPrice ?? service.recurringPrice
}

/** Unpaid: the renewal failed; "pay now" (resume) renews it from the credits. */
export const isUnpaid = (service: Service) =>
  service.status === 'past_due' || service.status === 'suspended'

/** The server changes plans of running, paid-up services only (assertChangeable). */
export const canChangePlan = (service: Service) => service.status === 'active'

/** "12 days", "12.5 days": real time left or long, as the proration counts it. */
export function formatDays(seconds: number): string {
  const days = Math.round((seconds / 86_400) * 10) / 10
  return `${days} ${days === 1 ? 'day' : 'days'}`
}
