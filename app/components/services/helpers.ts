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
