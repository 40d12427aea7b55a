import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '#db/client.ts'
import {
  creditTransactions,
  dnsPlanCharges,
  dnsPlanSubscriptions,
  dnsPlans,
  notifications,
  userCredits,
} from '#db/schema/index.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
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
  const [plan] = await db.select({ id: dnsPlans.id }).from(dnsPlans).where(eq(dnsPlans.slug, slug))
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

export async function subscriptionsOf(userId: number) {
  return db
    .select()
    .from(dnsPlanSubscriptions)
    .where(eq(dnsPlanSubscriptions.userId, userId))
    .orderBy(asc(dnsPlanSubscriptions.id))
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
  return db
    .select()
    .from(dnsPlanCharges)
    .where(
      inArray(
        dnsPlanCharges.subscriptionId,
        subs.map((s) => s.id),
      ),
    )
    .orderBy(asc(dnsPlanCharges.periodStart), asc(dnsPlanCharges.id))
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
  const [plan] = await db.select().from(dnsPlans).where(eq(dnsPlans.slug, slug))
  const user = await fundedUser(plan!.priceCents + extraCents, name)
  const subscription = await buy(user.id, slug, now)
  return { user, subscription }
}

/**
 * runRenewals works on every due subscription in the database: tests that run it end the
 * live subscriptions they leave behind so the next test's counts are its own.
 */
export async function endAllLiveSubscriptions(): Promise<void> {
  await db
    .update(dnsPlanSubscriptions)
    .set({ status: 'expired', autoRenew: false, endedAt: sql`now()` })
    .where(inArray(dnsPlanSubscriptions.status, ['active', 'past_due']))
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
