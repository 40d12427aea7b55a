import type { ProductFamily } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { FAMILIES } from '#server/services/catalog/families.ts'
import type { NotificationInput } from '#server/services/notifications/notify.ts'
import type { LifecycleDays } from './views.ts'

/** Statuses the renewal engine works on (a pending service is not billed until provisioned). */
export const RENEWABLE_STATUSES = ['active', 'past_due', 'suspended'] as const
/** Statuses of a service the customer still holds. */
export const LIVE_STATUSES = ['pending', 'active', 'past_due', 'suspended'] as const

/**
 * Families whose unpaid services are suspended after the grace days and terminated after
 * SERVICES_TERMINATE_AFTER_DAYS more. A DNS plan has nothing to hold back while suspended:
 * it ends when the grace days are over (terminated, shown as "expired"), as it always did.
 */
const SUSPENDS: Record<ProductFamily, boolean> = { dns: false, dedicated_server: true }

export function lifecycleDays(
  family: ProductFamily,
  overrides: Partial<LifecycleDays> = {},
): LifecycleDays {
  return {
    graceDays: overrides.graceDays ?? env.DNS_GRACE_DAYS,
    terminateAfterDays: SUSPENDS[family]
      ? (overrides.terminateAfterDays ?? env.SERVICES_TERMINATE_AFTER_DAYS)
      : 0,
  }
}

/**
 * Where a family's notifications point and what they call the service. DNS keeps its
 * notification kinds (dns_plan_*) and page; other families use service_* and /services.
 */
export function noticeStyle(family: ProductFamily): {
  kind: (what: string) => string
  label: string
  link: string
} {
  if (family === 'dns')
    return { kind: (what) => `dns_plan_${what}`, label: 'DNS plan', link: '/dns-plans' }
  return {
    kind: (what) => `service_${what}`,
    label: FAMILIES[family].label.replace(/s$/, ''),
    link: '/services',
  }
}

export type Notice = NotificationInput

export const day = (date: Date) => date.toISOString().slice(0, 10)

/** The smallest custom-credit top-up ($1.00), unless CREDITS_PURCHASE_MIN is higher (as the app's topUpFor). */
const MIN_TOPUP_CENTS = 100

/**
 * The top-up that covers `shortfallCents` within the allowed purchase range, and the /billing
 * link that prefills it: what a notice or a message about a missing amount offers.
 */
export function topUpFor(shortfallCents: number): { cents: number; path: string } {
  const minCents = Math.max(MIN_TOPUP_CENTS, env.CREDITS_PURCHASE_MIN)
  const cents = Math.min(Math.max(shortfallCents, minCents), env.CREDITS_PURCHASE_MAX)
  return { cents, path: `/billing?tab=credits&amount=${centsToDecimal(cents)}` }
}

/** What every service message names (the recipient's name is filled in by the outbox). */
export function serviceMailRef(
  service: { id: number; family: ProductFamily },
  serviceName: string,
) {
  return { serviceId: service.id, serviceName, label: noticeStyle(service.family).label }
}
