import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '#db/client.ts'
import {
  creditTransactions,
  notifications,
  productPrices,
  products,
  serviceCharges,
  services,
  userCredits,
  type Service,
} from '#db/schema/index.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { getPlan } from '#server/services/dns-plans/queries.ts'
import { toSubscriptionStatus, type DnsPlan } from '#server/services/dns-plans/views.ts'
import { createTestUser, type TestUser } from './users.ts'

/**
 * Shared plumbing for the DNS plan integration tests (tests/integration/dns-plans): the
 * default plans by slug, funding users through the real ledger, and readers for every row
 * a plan purchase, change or renewal writes.
 */

export const DAY_MS = 24 * 60 * 60 * 1000

export type PlanSlug = 'basic' | 'pro' | 'enterprise'

/** An instant from an ISO string (the controllable clock every service takes). */
export const at = (iso: string) => new Date(iso)
export const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS)
export const plusMinutes = (date: Date, minutes: number) =>
  new Date(date.getTime() + minutes * 60_000)

export async function planId(slug: string): Promise<number> {
  const [plan] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.family, 'dns'), eq(products.slug, slug)))
  if (!plan) throw new Error(`No DNS plan with slug ${slug}`)
  return plan.id
}

export async function planIds(): Promise<Record<PlanSlug, number>> {
  return {
    basic: await planId('basic'),
    pro: await planId('pro'),
    enterprise: await planId('enterprise'),
  }
}

let fundingAdmin: Promise<{ id: number; name: string }> | null = null

/** One admin per test file who funds users (admin_add through the real ledger writer). */
export function ledgerAdmin(): Promise<{ id: number; name: string }> {
  fundingAdmin ??= createTestUser({ role: 'admin', name: 'DNS Funding Admin' }).then((u) => ({
    id: u.id,
    name: u.name,
  }))
  return fundingAdmin
}

export async function fund(userId: number, cents: number, reason = 'test funds'): Promise<void> {
  await adjustCreditsByAdmin(db, {
    userId,
    amount: cents,
    reason,
    direction: 'add',
    admin: await ledgerAdmin(),
  })
}

/** A user with `cents` of custom credits (none if 0). */
export async function fundedUser(cents: number, name = 'DNS User'): Promise<TestUser> {
  const user = await createTestUser({ name })
  if (cents > 0) await fund(user.id, cents)
  return user
}

export async function balanceOf(userId: number): Promise<number> {
  const [row] = await db
    .select({ cents: userCredits.balanceCents })
    .from(userCredits)
    .where(eq(userCredits.userId, userId))
  return row?.cents ?? 0
}

export async function ledgerOf(userId: number) {
  return db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId))
    .orderBy(asc(creditTransactions.id))
}

/** The user's ledger entries other than the admin funding. */
export async function spendsOf(userId: number) {
  return (await ledgerOf(userId)).filter((e) => e.type !== 'admin_add')
}

/**
 * A user's DNS services as the dns_plan_subscriptions rows used to read (the tables moved into
 * the services engine; the DNS view maps its statuses: terminated → expired, suspended → past_due).
 */
export function asSubscriptionRow(service: Service) {
  return {
    ...service,
    status: toSubscriptionStatus(service.status),
    planId: service.productId,
    scheduledPlanId: service.scheduledProductId,
  }
}

export async function subscriptionsOf(userId: number) {
  const rows = await db
    .select()
    .from(services)
    .where(and(eq(services.userId, userId), eq(services.family, 'dns')))
    .orderBy(asc(services.id))
  return rows.map(asSubscriptionRow)
}

/** The one subscription row the user has (fails the test if there are more or none). */
export async function onlySubscription(userId: number) {
  const rows = await subscriptionsOf(userId)
  expect(rows).toHaveLength(1)
  return rows[0]!
}

export async function chargesOf(userId: number) {
  const subs = await subscriptionsOf(userId)
  if (subs.length === 0) return []
  const rows = await db
    .select()
    .from(serviceCharges)
    .where(
      inArray(
        serviceCharges.serviceId,
        subs.map((s) => s.id),
      ),
    )
    .orderBy(asc(serviceCharges.periodStart), asc(serviceCharges.id))
  return rows.map((charge) => ({
    ...charge,
    subscriptionId: charge.serviceId,
    planId: charge.productId,
  }))
}

/** Sets a DNS plan's catalog price directly (what an admin's edit writes, without the audit). */
export async function setPlanPrice(planIdValue: number, priceCents: number): Promise<void> {
  await db
    .update(productPrices)
    .set({ priceCents })
    .where(and(eq(productPrices.productId, planIdValue), eq(productPrices.cycle, 'monthly')))
}

export async function notificationsOf(userId: number, kind?: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), kind ? eq(notifications.kind, kind) : undefined))
    .orderBy(asc(notifications.id))
}

/** Buys a plan through the service as of `now` (the user must already have the credits). */
export async function buy(userId: number, slug: PlanSlug, now: Date) {
  return purchasePlan(db, { userId, planId: await planId(slug), now })
}

/** A funded user who bought `slug` at `now`; `extraCents` stay on the balance afterwards. */
export async function subscriber(slug: PlanSlug, now: Date, extraCents: number, name?: string) {
  const [price] = await db
    .select({ cents: productPrices.priceCents })
    .from(productPrices)
    .where(and(eq(productPrices.productId, await planId(slug)), eq(productPrices.cycle, 'monthly')))
  const user = await fundedUser(price!.cents + extraCents, name)
  const subscription = await buy(user.id, slug, now)
  return { user, subscription }
}

/**
 * runRenewals works on every due service in the database: tests that run it end the live
 * services they leave behind (of every family) so the next test's counts are its own.
 */
export async function endAllLiveSubscriptions(): Promise<void> {
  await db
    .update(services)
    .set({ status: 'terminated', autoRenew: false, endedAt: sql`now()` })
    .where(inArray(services.status, ['pending', 'active', 'past_due', 'suspended']))
}

export async function expectLedgerConsistent(): Promise<void> {
  const report = await verifyLedger(db)
  expect(report.problems).toEqual([])
}

type TrpcErrorBody = {
  error?: {
    json?: {
      message: string
      data: {
        code: string
        httpStatus: number
        appCode: string | null
        fields: Record<string, string[]> | null
        details: Record<string, unknown> | null
      }
    }
  }
}

/** The error a tRPC HTTP response carries (fails the test when the call succeeded). */
export async function trpcError(response: Response) {
  const body = (await response.json()) as TrpcErrorBody
  if (!body.error?.json) throw new Error(`Expected a tRPC error, got ${JSON.stringify(body)}`)
  return { status: response.status, message: body.error.json.message, ...body.error.json.data }
}

type RestErrorBody = {
  error?: { code: string; message: string; fields?: unknown; details?: Record<string, unknown> }
}

export async function restError(response: Response) {
  const body = (await response.json()) as RestErrorBody
  if (!body.error) throw new Error(`Expected a REST error, got ${JSON.stringify(body)}`)
  return { status: response.status, ...body.error }
}

type PlanRowInput = {
  slug: string
  name: string
  description?: string
  priceCents: number
  maxDomains: number
  maxRecords: number
  features?: string[]
  isActive?: boolean
  displayOrder?: number
}

/**
 * DNS plans written and read directly, as the tests once did on dns_plans: a `dns` product
 * with its monthly price (the catalog's tables since the services engine).
 */
export async function insertPlanRow(values: PlanRowInput): Promise<DnsPlan> {
  const [product] = await db
    .insert(products)
    .values({
      family: 'dns',
      slug: values.slug,
      name: values.name,
      description: values.description ?? '',
      features: values.features ?? [],
      limits: { maxDomains: values.maxDomains, maxRecords: values.maxRecords },
      visibility: values.isActive === false ? 'hidden' : 'active',
      displayOrder: values.displayOrder ?? 0,
    })
    .returning({ id: products.id })
  await db
    .insert(productPrices)
    .values({ productId: product!.id, cycle: 'monthly', priceCents: values.priceCents })
  return (await planRow(product!.id))!
}

export async function planRow(id: number): Promise<DnsPlan | undefined> {
  return getPlan(db, id).catch(() => undefined)
}

export async function updatePlanRow(id: number, fields: Partial<DnsPlan>): Promise<void> {
  const {
    priceCents,
    maxDomains,
    maxRecords,
    isActive,
    slug,
    name,
    description,
    features,
    displayOrder,
  } = fields
  const before = await planRow(id)
  if (!before) return
  await db
    .update(products)
    .set({
      ...(slug !== undefined ? { slug } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(features !== undefined ? { features } : {}),
      ...(displayOrder !== undefined ? { displayOrder } : {}),
      ...(isActive !== undefined ? { visibility: isActive ? 'active' : 'hidden' } : {}),
      limits: {
        maxDomains: maxDomains ?? before.maxDomains,
        maxRecords: maxRecords ?? before.maxRecords,
      },
    })
    .where(eq(products.id, id))
  if (priceCents !== undefined) await setPlanPrice(id, priceCents)
}

export async function deletePlanRow(id: number): Promise<void> {
  await db.delete(products).where(eq(products.id, id))
}

export async function countPlanRows(id: number): Promise<number> {
  return db.$count(products, eq(products.id, id))
}
