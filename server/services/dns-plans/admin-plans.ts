import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { Db, Tx } from '#db/client.ts'
import { isUniqueViolation, pgErrorOf } from '#db/errors.ts'
import { productPrices, products, services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { LIVE_STATUSES } from '../services/lifecycle.ts'
import { getPlan, listDnsPlans } from './queries.ts'
import type { ZPlanFields, ZUpdatePlanInput } from './schemas.ts'
import { toPlanView, type DnsPlan, type PlanView } from './views.ts'

function duplicate(error: unknown): never {
  if (isUniqueViolation(error, 'products_family_slug_key')) {
    throw new AppError('ALREADY_EXISTS', 'A plan with this slug already exists.', {
      fields: { slug: ['Already taken'] },
    })
  }
  if (isUniqueViolation(error, 'products_family_name_key')) {
    throw new AppError('ALREADY_EXISTS', 'A plan with this name already exists.', {
      fields: { name: ['Already taken'] },
    })
  }
  throw error
}

export type PlanAdminView = PlanView & { subscriptions: { live: number; total: number } }

export async function listPlansForAdmin(db: Db): Promise<PlanAdminView[]> {
  const plans = await listDnsPlans(db, { includeInactive: true })
  const counts = await db
    .select({
      productId: services.productId,
      live: sql<number>`count(*) filter (where ${inArray(services.status, [...LIVE_STATUSES])})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(services)
    .where(eq(services.family, 'dns'))
    .groupBy(services.productId)
  const byPlan = new Map(counts.map((c) => [c.productId, c]))
  return plans
    .sort((a, b) => a.displayOrder - b.displayOrder || a.id - b.id)
    .map((plan) => ({
      ...toPlanView(plan),
      subscriptions: {
        live: byPlan.get(plan.id)?.live ?? 0,
        total: byPlan.get(plan.id)?.total ?? 0,
      },
    }))
}

type PlanFields = Partial<Omit<DnsPlan, 'id' | 'billingPeriod'>>

/** A DNS plan's fields as the products and product_prices rows hold them. */
async function writePlan(tx: Tx, planId: number | null, fields: PlanFields): Promise<number> {
  const { priceCents, maxDomains, maxRecords, isActive, ...rest } = fields
  const limits =
    maxDomains !== undefined || maxRecords !== undefined
      ? sql`${products.limits} || ${JSON.stringify({
          ...(maxDomains !== undefined ? { maxDomains } : {}),
          ...(maxRecords !== undefined ? { maxRecords } : {}),
        })}::jsonb`
      : undefined
  const visibility = isActive === undefined ? undefined : isActive ? 'active' : 'hidden'
  let id = planId
  if (id === null) {
    const [created] = await tx
      .insert(products)
      .values({
        family: 'dns',
        slug: rest.slug!,
        name: rest.name!,
        description: rest.description ?? '',
        features: rest.features ?? [],
        limits: { maxDomains, maxRecords },
        visibility: visibility ?? 'active',
        displayOrder: rest.displayOrder ?? 0,
      })
      .returning({ id: products.id })
    id = created!.id
  } else {
    await tx
      .update(products)
      .set({
        ...rest,
        ...(limits ? { limits } : {}),
        ...(visibility ? { visibility } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(products.id, id), eq(products.family, 'dns')))
  }
  if (priceCents !== undefined) {
    await tx
      .insert(productPrices)
      .values({ productId: id, cycle: 'monthly', priceCents })
      .onConflictDoUpdate({
        target: [productPrices.productId, productPrices.cycle],
        set: { priceCents, updatedAt: sql`now()` },
      })
  }
  return id
}

/**
 * A plan's new price applies to each live subscription from its next renewal (its current
 * period stays paid at the locked price); each subscriber is told now.
 */
async function announcePriceChange(tx: Tx, plan: DnsPlan): Promise<void> {
  const affected = await tx
    .update(services)
    .set({
      nextRecurringPriceCents: sql`case when ${services.recurringPriceCents} = ${plan.priceCents} then null else ${plan.priceCents}::bigint end`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(services.productId, plan.id),
        eq(services.cycle, 'monthly'),
        inArray(services.status, [...LIVE_STATUSES]),
        ne(
          sql`coalesce(${services.nextRecurringPriceCents}, ${services.recurringPriceCents})`,
          plan.priceCents,
        ),
      ),
    )
    .returning({ id: services.id, userId: services.userId, end: services.currentPeriodEnd })
  for (const service of affected) {
    await notify(tx, {
      userId: service.userId,
      kind: 'dns_plan_price_changed',
      title: `New price for ${plan.name}`,
      body: `From the renewal on ${service.end.toISOString().slice(0, 10)}, ${plan.name} costs ${formatCents(plan.priceCents)} a month.`,
      link: '/dns-plans',
    })
  }
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
      const created = await getPlan(tx, await writePlan(tx, null, { ...fields, priceCents: price }))
      await recordAdminAction(tx, {
        adminUserId: actor.adminUserId,
        targetUserId: null,
        action: 'dns_plan.create',
        subject: `dns_plan:${created.id}`,
        reason: actor.reason ?? NO_REASON,
        details: { to: auditedFieldsOf(created) },
      })
      return created
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
      await tx
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.id, planId), eq(products.family, 'dns')))
        .for('update')
      const before = await getPlan(tx, planId)
      await writePlan(tx, planId, {
        ...fields,
        ...(price !== undefined ? { priceCents: price } : {}),
      })
      const after = await getPlan(tx, planId)
      if (after.priceCents !== before.priceCents) await announcePriceChange(tx, after)
      const { from, to, changed } = changesOf(before, after)
      if (changed) {
        const retired = before.isActive && !after.isActive
        await recordAdminAction(tx, {
          adminUserId: actor.adminUserId,
          targetUserId: null,
          action: retired ? 'dns_plan.retire' : 'dns_plan.update',
          subject: `dns_plan:${planId}`,
          reason: actor.reason ?? NO_REASON,
          details: { from, to },
        })
      }
      return after
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
        .update(products)
        .set({ displayOrder: index + 1, updatedAt: sql`now()` })
        .where(and(eq(products.id, id), eq(products.family, 'dns')))
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
      const deleted = await getPlan(tx, planId)
      await tx.delete(products).where(and(eq(products.id, planId), eq(products.family, 'dns')))
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
