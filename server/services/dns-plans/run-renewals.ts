import { and, asc, eq, gt, inArray, lte, notInArray, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import {
  dnsPlanCharges,
  dnsPlanSubscriptions,
  dnsPlans,
  userCredits,
  type DnsPlanSubscription,
} from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { isAppError } from '#server/errors.ts'
import { metrics } from '#server/lib/metrics.ts'
import { centsToDecimal, formatCents } from '#server/lib/money.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { addBillingMonth } from './periods.ts'
import { getPlan, LIVE_STATUSES } from './queries.ts'

export type RenewalOutcome = 'renewed' | 'past_due' | 'expired' | 'cancelled' | 'skipped'
export type RenewalReport = Record<RenewalOutcome, number> & { reminders: number }

const DAY_MS = 24 * 60 * 60 * 1000
const REMINDER_DAYS = 3
const RENEWAL_LANES = 4

const day = (date: Date) => date.toISOString().slice(0, 10)

/**
 * One renewal step for one due subscription, in one transaction. The row lock (SKIP LOCKED)
 * lets several workers run at once without waiting on each other; the unique charge per
 * (subscription, period start) makes a double charge impossible even so.
 */
async function renewOne(
  db: Db,
  subscriptionId: number,
  now: Date,
  graceDays: number,
): Promise<RenewalOutcome> {
  return db.transaction(async (tx): Promise<RenewalOutcome> => {
    const [sub] = await tx
      .select()
      .from(dnsPlanSubscriptions)
      .where(
        and(
          eq(dnsPlanSubscriptions.id, subscriptionId),
          inArray(dnsPlanSubscriptions.status, [...LIVE_STATUSES]),
          lte(dnsPlanSubscriptions.currentPeriodEnd, now),
        ),
      )
      .for('update', { skipLocked: true })
    if (!sub) return 'skipped'

    if (!sub.autoRenew || sub.cancelAtPeriodEnd) {
      const status = sub.status === 'past_due' ? 'expired' : 'cancelled'
      await end(tx, sub, status, now)
      await notify(tx, {
        userId: sub.userId,
        kind: 'dns_plan_ended',
        title: 'DNS plan ended',
        body: `Your DNS plan ended on ${day(sub.currentPeriodEnd)} as requested.`,
        link: '/dns-plans',
        dedupeKey: `ended:${sub.id}`,
      })
      return status
    }

    const plan = await getPlan(tx, sub.scheduledPlanId ?? sub.planId)
    const start = sub.currentPeriodEnd
    const periodEnd = addBillingMonth(start, sub.anchorDay)
    const graceEnds = new Date(start.getTime() + graceDays * DAY_MS)
    try {
      await tx.transaction(async (savepoint) => {
        const entry = await spendCredits(savepoint, {
          userId: sub.userId,
          type: 'dns_plan_renewal',
          amountCents: plan.priceCents,
          description: `DNS plan ${plan.name} renewal: ${day(start)} to ${day(periodEnd)}`,
          metadata: { subscriptionId: sub.id, planId: plan.id, periodStart: start.toISOString() },
        })
        await savepoint.insert(dnsPlanCharges).values({
          subscriptionId: sub.id,
          planId: plan.id,
          kind: 'renewal',
          periodStart: start,
          periodEnd,
          amountCents: plan.priceCents,
          creditEntryId: entry.id,
        })
      })
    } catch (error) {
      if (isUniqueViolation(error, 'dns_plan_charges_period_once')) return 'skipped'
      if (!isAppError(error) || error.code !== 'INSUFFICIENT_CREDITS') throw error
      const shortfall = Number(error.details?.shortfallCents ?? plan.priceCents)
      if (now >= graceEnds) {
        await end(tx, sub, 'expired', now)
        await notify(tx, {
          userId: sub.userId,
          kind: 'dns_plan_expired',
          title: 'DNS plan expired',
          body: `Your ${plan.name} DNS plan expired: the renewal due ${day(start)} was not paid within the ${graceDays}-day grace period.`,
          link: '/dns-plans',
          dedupeKey: `expired:${sub.id}`,
        })
        return 'expired'
      }
      if (sub.status !== 'past_due') {
        await tx
          .update(dnsPlanSubscriptions)
          .set({ status: 'past_due', updatedAt: sql`now()` })
          .where(eq(dnsPlanSubscriptions.id, sub.id))
      }
      await notify(tx, {
        userId: sub.userId,
        kind: 'dns_plan_renewal_failed',
        title: 'DNS plan renewal failed',
        body: `Renewing ${plan.name} needs ${formatCents(shortfall)} more custom credits. Add them by ${day(graceEnds)} to keep the plan.`,
        link: `/billing?tab=credits&amount=${centsToDecimal(Math.max(shortfall, env.CREDITS_PURCHASE_MIN))}`,
        dedupeKey: `renewal-failed:${sub.id}:${start.toISOString()}`,
      })
      return 'past_due'
    }

    await tx
      .update(dnsPlanSubscriptions)
      .set({
        status: 'active',
        planId: plan.id,
        scheduledPlanId: null,
        pricePaidCents: plan.priceCents,
        currentPeriodStart: start,
        currentPeriodEnd: periodEnd,
        lastPaymentAt: now,
        nextPaymentAt: periodEnd,
        updatedAt: sql`now()`,
      })
      .where(eq(dnsPlanSubscriptions.id, sub.id))
    await notify(tx, {
      userId: sub.userId,
      kind: 'dns_plan_renewed',
      title: 'DNS plan renewed',
      body: `${plan.name} renewed until ${day(periodEnd)} for ${formatCents(plan.priceCents)} of custom credits.`,
      link: '/dns-plans',
      dedupeKey: `renewed:${sub.id}:${start.toISOString()}`,
    })
    return 'renewed'
  })
}

async function end(tx: Tx, sub: DnsPlanSubscription, status: 'cancelled' | 'expired', now: Date) {
  await tx
    .update(dnsPlanSubscriptions)
    .set({
      status,
      endedAt: now,
      autoRenew: false,
      scheduledPlanId: null,
      nextPaymentAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(dnsPlanSubscriptions.id, sub.id))
}

/** Reminds, once per period, users whose balance will not cover the coming renewal. */
async function sendReminders(db: Db, now: Date): Promise<number> {
  const soon = new Date(now.getTime() + REMINDER_DAYS * DAY_MS)
  const rows = await db
    .select({
      sub: dnsPlanSubscriptions,
      price: dnsPlans.priceCents,
      planName: dnsPlans.name,
      balance: sql<string>`coalesce(${userCredits.balanceCents}, 0)`,
    })
    .from(dnsPlanSubscriptions)
    .innerJoin(
      dnsPlans,
      eq(
        dnsPlans.id,
        sql`coalesce(${dnsPlanSubscriptions.scheduledPlanId}, ${dnsPlanSubscriptions.planId})`,
      ),
    )
    .leftJoin(userCredits, eq(userCredits.userId, dnsPlanSubscriptions.userId))
    .where(
      and(
        eq(dnsPlanSubscriptions.status, 'active'),
        eq(dnsPlanSubscriptions.autoRenew, true),
        gt(dnsPlanSubscriptions.currentPeriodEnd, now),
        lte(dnsPlanSubscriptions.currentPeriodEnd, soon),
        sql`coalesce(${userCredits.balanceCents}, 0) < ${dnsPlans.priceCents}`,
      ),
    )
  let sent = 0
  for (const row of rows) {
    const shortfall = row.price - Number(row.balance)
    const created = await notify(db, {
      userId: row.sub.userId,
      kind: 'dns_plan_renewal_reminder',
      title: 'Add credits before your DNS plan renews',
      body: `${row.planName} renews on ${day(row.sub.currentPeriodEnd)} for ${formatCents(row.price)}; you need ${formatCents(shortfall)} more custom credits.`,
      link: `/billing?tab=credits&amount=${centsToDecimal(Math.max(shortfall, env.CREDITS_PURCHASE_MIN))}`,
      dedupeKey: `renewal-reminder:${row.sub.id}:${row.sub.currentPeriodEnd.toISOString()}`,
    })
    if (created) sent++
  }
  return sent
}

/**
 * One renewal pass as of `now`: renews due subscriptions (catching up missed periods one
 * at a time), applies scheduled downgrades, moves unpaid ones to past_due and, after the
 * grace period, to expired; then sends reminders.
 */
export async function runRenewals(
  db: Db,
  options: { now?: Date; graceDays?: number; batch?: number } = {},
): Promise<RenewalReport> {
  const now = options.now ?? new Date()
  const graceDays = options.graceDays ?? env.DNS_GRACE_DAYS
  const report: RenewalReport = {
    renewed: 0,
    past_due: 0,
    expired: 0,
    cancelled: 0,
    skipped: 0,
    reminders: 0,
  }
  const settled = new Set<number>()
  for (;;) {
    const due = await db
      .select({ id: dnsPlanSubscriptions.id })
      .from(dnsPlanSubscriptions)
      .where(
        and(
          inArray(dnsPlanSubscriptions.status, [...LIVE_STATUSES]),
          lte(dnsPlanSubscriptions.currentPeriodEnd, now),
          // Settled this pass (past due, ended): they must not crowd out the rest of a batch.
          settled.size > 0 ? notInArray(dnsPlanSubscriptions.id, [...settled]) : undefined,
        ),
      )
      .orderBy(asc(dnsPlanSubscriptions.currentPeriodEnd))
      .limit(options.batch ?? 500)
    const work = due
    if (work.length === 0) break
    // A few at a time: each renewal is its own transaction on its own row, so they do not
    // contend; the pool is small enough to leave connections for requests.
    let next = 0
    const lane = async () => {
      while (next < work.length) {
        const { id } = work[next++]!
        const outcome = await renewOne(db, id, now, graceDays)
        report[outcome]++
        metrics.renewals.inc({ outcome })
        // A renewed subscription may still be due (missed periods); anything else waits for the next run.
        if (outcome !== 'renewed') settled.add(id)
      }
    }
    await Promise.all(Array.from({ length: RENEWAL_LANES }, lane))
  }
  report.reminders = await sendReminders(db, now)
  return report
}
