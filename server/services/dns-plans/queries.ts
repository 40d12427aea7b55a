import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/client.ts'
import {
  dnsPlanSubscriptions,
  dnsPlans,
  type DnsPlan,
  type DnsPlanSubscription,
} from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { toPlanView, toSubscriptionView, type PlanView, type SubscriptionView } from './views.ts'

export const LIVE_STATUSES = ['active', 'past_due'] as const

export async function listPlans(
  db: DbOrTx,
  options: { includeInactive?: boolean } = {},
): Promise<PlanView[]> {
  const rows = await db
    .select()
    .from(dnsPlans)
    .where(options.includeInactive ? undefined : eq(dnsPlans.isActive, true))
    .orderBy(asc(dnsPlans.displayOrder), asc(dnsPlans.priceCents), asc(dnsPlans.id))
  return rows.map(toPlanView)
}

export async function getPlan(
  db: DbOrTx,
  planId: number,
  options: { activeOnly?: boolean } = {},
): Promise<DnsPlan> {
  const [plan] = await db.select().from(dnsPlans).where(eq(dnsPlans.id, planId))
  if (!plan || (options.activeOnly && !plan.isActive))
    throw new AppError('NOT_FOUND', 'No such DNS plan.')
  return plan
}

const scheduled = alias(dnsPlans, 'scheduled_plan')

/** The user's live subscription, or else their most recent one (to show how it ended). */
export async function findSubscription(
  db: DbOrTx,
  userId: number,
  options: { liveOnly?: boolean } = {},
): Promise<{
  subscription: DnsPlanSubscription
  plan: DnsPlan
  scheduledPlan: DnsPlan | null
} | null> {
  const rows = await db
    .select({ subscription: dnsPlanSubscriptions, plan: dnsPlans, scheduledPlan: scheduled })
    .from(dnsPlanSubscriptions)
    .innerJoin(dnsPlans, eq(dnsPlans.id, dnsPlanSubscriptions.planId))
    .leftJoin(scheduled, eq(scheduled.id, dnsPlanSubscriptions.scheduledPlanId))
    .where(
      and(
        eq(dnsPlanSubscriptions.userId, userId),
        options.liveOnly ? inArray(dnsPlanSubscriptions.status, [...LIVE_STATUSES]) : undefined,
      ),
    )
    .orderBy(desc(dnsPlanSubscriptions.id))
    .limit(5)
  const live = rows.find(
    (r) => r.subscription.status === 'active' || r.subscription.status === 'past_due',
  )
  return live ?? rows[0] ?? null
}

export async function getMySubscription(
  db: DbOrTx,
  userId: number,
): Promise<SubscriptionView | null> {
  const found = await findSubscription(db, userId)
  return found
    ? toSubscriptionView(found.subscription, found.plan, found.scheduledPlan, env.DNS_GRACE_DAYS)
    : null
}

/** What the DNS module enforces: the live plan's limits, or none without a plan. */
export async function getPlanLimits(
  db: DbOrTx,
  userId: number,
): Promise<{ hasPlan: boolean; planName: string | null; maxDomains: number; maxRecords: number }> {
  const found = await findSubscription(db, userId, { liveOnly: true })
  if (!found) return { hasPlan: false, planName: null, maxDomains: 0, maxRecords: 0 }
  return {
    hasPlan: true,
    planName: found.plan.name,
    maxDomains: found.plan.maxDomains,
    maxRecords: found.plan.maxRecords,
  }
}
