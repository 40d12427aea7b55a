import { and, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { LIVE_STATUSES as SERVICE_LIVE_STATUSES } from '../services/lifecycle.ts'
import { loadProducts, toViews } from '../services/queries.ts'
import type { ServiceView } from '../services/views.ts'
import {
  dnsPlanOf,
  toDnsPlan,
  toPlanView,
  toSubscriptionView,
  type DnsPlan,
  type PlanView,
  type SubscriptionView,
} from './views.ts'

/** The engine's statuses in which a user holds their DNS plan. */
export const LIVE_STATUSES = SERVICE_LIVE_STATUSES

export async function listDnsPlans(
  db: DbOrTx,
  options: { includeInactive?: boolean } = {},
): Promise<DnsPlan[]> {
  const products = await loadProducts(db, {
    family: 'dns',
    orderableOnly: !options.includeInactive,
  })
  return products
    .map(toDnsPlan)
    .sort((a, b) => a.displayOrder - b.displayOrder || a.priceCents - b.priceCents || a.id - b.id)
}

export async function listPlans(
  db: DbOrTx,
  options: { includeInactive?: boolean } = {},
): Promise<PlanView[]> {
  return (await listDnsPlans(db, options)).map(toPlanView)
}

export async function getPlan(
  db: DbOrTx,
  planId: number,
  options: { activeOnly?: boolean } = {},
): Promise<DnsPlan> {
  const [product] = await loadProducts(db, { ids: [planId], family: 'dns' })
  const plan = product ? toDnsPlan(product) : null
  if (!plan || (options.activeOnly && !plan.isActive))
    throw new AppError('NOT_FOUND', 'No such DNS plan.')
  return plan
}

/** The user's live DNS service, or else their most recent one (to show how it ended). */
export async function findDnsService(
  db: DbOrTx,
  userId: number,
  options: { liveOnly?: boolean } = {},
): Promise<ServiceView | null> {
  const rows = await db
    .select()
    .from(services)
    .where(
      and(
        eq(services.userId, userId),
        eq(services.family, 'dns'),
        options.liveOnly ? inArray(services.status, [...LIVE_STATUSES]) : undefined,
      ),
    )
    .orderBy(desc(services.id))
    .limit(5)
  const live = rows.find((r) => (LIVE_STATUSES as readonly string[]).includes(r.status))
  const chosen = live ?? rows[0]
  return chosen ? (await toViews(db, [chosen]))[0]! : null
}

export function subscriptionOf(service: ServiceView): SubscriptionView {
  return toSubscriptionView(
    service,
    dnsPlanOf(service.product),
    service.scheduledProduct ? dnsPlanOf(service.scheduledProduct) : null,
  )
}

export async function getMySubscription(
  db: DbOrTx,
  userId: number,
): Promise<SubscriptionView | null> {
  const found = await findDnsService(db, userId)
  return found ? subscriptionOf(found) : null
}

/** What the DNS module enforces: the live plan's limits, or none without a plan. */
export async function getPlanLimits(
  db: DbOrTx,
  userId: number,
): Promise<{ hasPlan: boolean; planName: string | null; maxDomains: number; maxRecords: number }> {
  const found = await findDnsService(db, userId, { liveOnly: true })
  if (!found) return { hasPlan: false, planName: null, maxDomains: 0, maxRecords: 0 }
  return {
    hasPlan: true,
    planName: found.product.name,
    maxDomains: Number(found.product.limits.maxDomains ?? 0),
    maxRecords: Number(found.product.limits.maxRecords ?? 0),
  }
}
