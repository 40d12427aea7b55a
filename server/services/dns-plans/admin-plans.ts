import { eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Db } from '#db/client.ts'
import { isUniqueViolation, pgErrorOf } from '#db/errors.ts'
import { dnsPlanSubscriptions, dnsPlans, type DnsPlan } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
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

/** Who changed the catalogue and why: every change below writes an audit entry (ADR 011). */
export type PlanActor = { adminUserId: number; reason?: string | undefined }

/** Plan edits are catalogue changes; a reason is asked for but may be left out. */
const NO_REASON = 'No reason given'

const AUDITED_FIELDS = [
  'slug',
  'name',
  'description',
  'priceCents',
  'maxDomains',
  'maxRecords',
  'features',
  'isActive',
  'displayOrder',
] as const satisfies readonly (keyof DnsPlan)[]

function auditedFieldsOf(plan: DnsPlan): Record<string, unknown> {
  return Object.fromEntries(AUDITED_FIELDS.map((field) => [field, plan[field]]))
}

/** The fields an edit changed, before and after; empty when it changed nothing. */
function changesOf(before: DnsPlan, after: DnsPlan) {
  const from: Record<string, unknown> = {}
  const to: Record<string, unknown> = {}
  for (const field of AUDITED_FIELDS) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue
    from[field] = before[field]
    to[field] = after[field]
  }
  return { from, to, changed: Object.keys(to).length > 0 }
}

export async function createPlan(
  db: Db,
  input: z.output<typeof ZPlanFields>,
  actor: PlanActor,
): Promise<PlanView> {
  const { price, reason: _reason, ...fields } = input
  try {
    const plan = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(dnsPlans)
        .values({ ...fields, priceCents: price })
        .returning()
      await recordAdminAction(tx, {
        adminUserId: actor.adminUserId,
        targetUserId: null,
        action: 'dns_plan.create',
        subject: `dns_plan:${created!.id}`,
        reason: actor.reason ?? NO_REASON,
        details: { to: auditedFieldsOf(created!) },
      })
      return created!
    })
    return toPlanView(plan)
  } catch (error) {
    duplicate(error)
  }
}

/**
 * A price change applies from each subscription's next renewal (renewals read the plan's price
 * then). Switching a plan off is recorded as retiring it; an edit that changes nothing records
 * nothing.
 */
export async function updatePlan(
  db: Db,
  input: z.output<typeof ZUpdatePlanInput>,
  actor: PlanActor,
): Promise<PlanView> {
  const { planId, price, reason: _reason, ...fields } = input
  try {
    const plan = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(dnsPlans).where(eq(dnsPlans.id, planId)).for('update')
      if (!before) throw new AppError('NOT_FOUND', 'No such DNS plan.')
      const [after] = await tx
        .update(dnsPlans)
        .set({
          ...fields,
          ...(price !== undefined ? { priceCents: price } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(dnsPlans.id, planId))
        .returning()
      const { from, to, changed } = changesOf(before, after!)
      if (changed) {
        const retired = before.isActive && !after!.isActive
        await recordAdminAction(tx, {
          adminUserId: actor.adminUserId,
          targetUserId: null,
          action: retired ? 'dns_plan.retire' : 'dns_plan.update',
          subject: `dns_plan:${planId}`,
          reason: actor.reason ?? NO_REASON,
          details: { from, to },
        })
      }
      return after!
    })
    return toPlanView(plan)
  } catch (error) {
    duplicate(error)
  }
}

/** Sets display_order from the given order of ids. */
export async function reorderPlans(
  db: Db,
  planIds: number[],
  actor: PlanActor,
): Promise<PlanView[]> {
  await db.transaction(async (tx) => {
    for (const [index, id] of planIds.entries()) {
      await tx
        .update(dnsPlans)
        .set({ displayOrder: index + 1, updatedAt: sql`now()` })
        .where(eq(dnsPlans.id, id))
    }
    await recordAdminAction(tx, {
      adminUserId: actor.adminUserId,
      targetUserId: null,
      action: 'dns_plan.reorder',
      subject: 'dns_plans',
      reason: actor.reason ?? NO_REASON,
      details: { order: planIds },
    })
  })
  return (await listPlansForAdmin(db)).map(({ subscriptions: _subscriptions, ...plan }) => plan)
}

/** Only a plan nobody ever subscribed to can be deleted; others are deactivated instead. */
export async function deletePlan(
  db: Db,
  planId: number,
  actor: PlanActor,
): Promise<{ deleted: true }> {
  try {
    await db.transaction(async (tx) => {
      const [deleted] = await tx.delete(dnsPlans).where(eq(dnsPlans.id, planId)).returning()
      if (!deleted) throw new AppError('NOT_FOUND', 'No such DNS plan.')
      await recordAdminAction(tx, {
        adminUserId: actor.adminUserId,
        targetUserId: null,
        action: 'dns_plan.delete',
        subject: `dns_plan:${planId}`,
        reason: actor.reason ?? NO_REASON,
        details: { from: auditedFieldsOf(deleted) },
      })
    })
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
