import { eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Db } from '#db/client.ts'
import { isUniqueViolation, pgErrorOf } from '#db/errors.ts'
import { dnsPlanSubscriptions, dnsPlans } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import type { ZPlanFields, ZUpdatePlanInput } from './schemas.ts'
import { toPlanView, type PlanView } from './views.ts'

function duplicate(error: unknown): never {
  if (isUniqueViolation(error, 'dns_plans_slug_key')) {
    throw new AppError('ALREADY_EXISTS', 'A plan with this slug already exists.', {
      fields: { slug: ['Already taken'] },
    })
  }
  if (isUniqueViolation(error, 'dns_plans_name_key')) {
    throw new AppError('ALREADY_EXISTS', 'A plan with this name already exists.', {
      fields: { name: ['Already taken'] },
    })
  }
  throw error
}

export type PlanAdminView = PlanView & { subscriptions: { live: number; total: number } }

export async function listPlansForAdmin(db: Db): Promise<PlanAdminView[]> {
  const rows = await db
    .select({
      plan: dnsPlans,
      live: sql<number>`(select count(*)::int from ${dnsPlanSubscriptions} s where s.plan_id = "dns_plans"."id" and s.status in ('active', 'past_due'))`,
      total: sql<number>`(select count(*)::int from ${dnsPlanSubscriptions} s where s.plan_id = "dns_plans"."id")`,
    })
    .from(dnsPlans)
    .orderBy(dnsPlans.displayOrder, dnsPlans.id)
  return rows.map((row) => ({
    ...toPlanView(row.plan),
    subscriptions: { live: row.live, total: row.total },
  }))
}

export async function createPlan(db: Db, input: z.output<typeof ZPlanFields>): Promise<PlanView> {
  const { price, ...fields } = input
  try {
    const [plan] = await db
      .insert(dnsPlans)
      .values({ ...fields, priceCents: price })
      .returning()
    return toPlanView(plan!)
  } catch (error) {
    duplicate(error)
  }
}

/** A price change applies from each subscription's next renewal (renewals read the plan's price then). */
export async function updatePlan(
  db: Db,
  input: z.output<typeof ZUpdatePlanInput>,
): Promise<PlanView> {
  const { planId, price, ...fields } = input
  try {
    const [plan] = await db
      .update(dnsPlans)
      .set({
        ...fields,
        ...(price !== undefined ? { priceCents: price } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(dnsPlans.id, planId))
      .returning()
    if (!plan) throw new AppError('NOT_FOUND', 'No such DNS plan.')
    return toPlanView(plan)
  } catch (error) {
    duplicate(error)
  }
}

/** Sets display_order from the given order of ids. */
export async function reorderPlans(db: Db, planIds: number[]): Promise<PlanView[]> {
  await db.transaction(async (tx) => {
    for (const [index, id] of planIds.entries()) {
      await tx
        .update(dnsPlans)
        .set({ displayOrder: index + 1, updatedAt: sql`now()` })
        .where(eq(dnsPlans.id, id))
    }
  })
  return (await listPlansForAdmin(db)).map(({ subscriptions: _subscriptions, ...plan }) => plan)
}

/** Only a plan nobody ever subscribed to can be deleted; others are deactivated instead. */
export async function deletePlan(db: Db, planId: number): Promise<{ deleted: true }> {
  try {
    const rows = await db
      .delete(dnsPlans)
      .where(eq(dnsPlans.id, planId))
      .returning({ id: dnsPlans.id })
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'No such DNS plan.')
    return { deleted: true }
  } catch (error) {
    if (pgErrorOf(error)?.code === '23001' || pgErrorOf(error)?.code === '23503') {
      throw new AppError(
        'CONFLICT',
        'This plan has subscriptions and cannot be deleted; deactivate it instead.',
      )
    }
    throw error
  }
}
