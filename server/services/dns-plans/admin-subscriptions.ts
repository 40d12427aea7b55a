import { and, desc, eq, inArray, like, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { adminAuditLog, dnsPlanSubscriptions, users } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { LIVE_STATUSES, getMySubscription } from './queries.ts'
import type { SubscriptionView } from './views.ts'

const DAY_MS = 24 * 60 * 60 * 1000

async function lockLive(tx: Parameters<Parameters<Db['transaction']>[0]>[0], userId: number) {
  const [sub] = await tx
    .select()
    .from(dnsPlanSubscriptions)
    .where(
      and(
        eq(dnsPlanSubscriptions.userId, userId),
        inArray(dnsPlanSubscriptions.status, [...LIVE_STATUSES]),
      ),
    )
    .for('update')
  if (!sub) throw new AppError('NOT_FOUND', 'This user has no live DNS plan.')
  return sub
}

/** An admin ends a user's plan now (no refund), with a reason in the audit log. */
export async function cancelSubscriptionByAdmin(
  db: Db,
  input: { userId: number; adminId: number; reason: string; now?: Date },
): Promise<SubscriptionView | null> {
  const now = input.now ?? new Date()
  await db.transaction(async (tx) => {
    const sub = await lockLive(tx, input.userId)
    await tx
      .update(dnsPlanSubscriptions)
      .set({
        status: 'cancelled',
        autoRenew: false,
        cancelAtPeriodEnd: true,
        endedAt: now,
        nextPaymentAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(dnsPlanSubscriptions.id, sub.id))
    await recordAdminAction(tx, {
      adminUserId: input.adminId,
      targetUserId: input.userId,
      action: 'dns_subscription.cancel',
      subject: `dns_subscription:${sub.id}`,
      reason: input.reason,
      details: { status: sub.status, periodEnd: sub.currentPeriodEnd.toISOString() },
    })
    await notify(tx, {
      userId: input.userId,
      kind: 'dns_plan_cancelled_by_admin',
      title: 'DNS plan cancelled',
      body: `An administrator cancelled your DNS plan: ${input.reason}`,
      link: '/dns-plans',
    })
  })
  return getMySubscription(db, input.userId)
}

/** An admin extends the current period by N days for free (a past-due plan becomes active). */
export async function extendSubscriptionByAdmin(
  db: Db,
  input: { userId: number; adminId: number; days: number; reason: string },
): Promise<SubscriptionView> {
  await db.transaction(async (tx) => {
    const sub = await lockLive(tx, input.userId)
    const newEnd = new Date(sub.currentPeriodEnd.getTime() + input.days * DAY_MS)
    await tx
      .update(dnsPlanSubscriptions)
      .set({
        currentPeriodEnd: newEnd,
        // The anchor moves with the end, so the next paid period is a full month from it.
        anchorDay: newEnd.getUTCDate(),
        nextPaymentAt: newEnd,
        status: 'active',
        updatedAt: sql`now()`,
      })
      .where(eq(dnsPlanSubscriptions.id, sub.id))
    await recordAdminAction(tx, {
      adminUserId: input.adminId,
      targetUserId: input.userId,
      action: 'dns_subscription.extend',
      subject: `dns_subscription:${sub.id}`,
      reason: input.reason,
      details: {
        days: input.days,
        from: sub.currentPeriodEnd.toISOString(),
        to: newEnd.toISOString(),
      },
    })
    await notify(tx, {
      userId: input.userId,
      kind: 'dns_plan_extended',
      title: 'DNS plan extended',
      body: `An administrator extended your DNS plan by ${input.days} days, to ${newEnd.toISOString().slice(0, 10)}.`,
      link: '/dns-plans',
    })
  })
  return (await getMySubscription(db, input.userId))!
}

export async function getAdminDnsOverview(db: Db, userId: number) {
  const subscription = await getMySubscription(db, userId)
  const audit = await db
    .select({
      id: adminAuditLog.id,
      action: adminAuditLog.action,
      reason: adminAuditLog.reason,
      details: adminAuditLog.details,
      createdAt: adminAuditLog.createdAt,
      adminName: users.name,
    })
    .from(adminAuditLog)
    .innerJoin(users, eq(users.id, adminAuditLog.adminUserId))
    .where(
      and(eq(adminAuditLog.targetUserId, userId), like(adminAuditLog.action, 'dns_subscription.%')),
    )
    .orderBy(desc(adminAuditLog.id))
    .limit(50)
  return { subscription, audit, graceDays: env.DNS_GRACE_DAYS }
}
