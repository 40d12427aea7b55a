import { and, desc, eq, inArray, like, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { adminAuditLog, services, users } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { recordServiceEvent } from '#server/services/provisioning/record-service-event.ts'
import { extendLockedService } from '../services/admin-services.ts'
import { LIVE_STATUSES, getMySubscription } from './queries.ts'
import type { SubscriptionView } from './views.ts'

async function lockLive(tx: Parameters<Parameters<Db['transaction']>[0]>[0], userId: number) {
  const [sub] = await tx
    .select()
    .from(services)
    .where(
      and(
        eq(services.userId, userId),
        eq(services.family, 'dns'),
        inArray(services.status, [...LIVE_STATUSES]),
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
      .update(services)
      .set({
        status: 'cancelled',
        autoRenew: false,
        cancelAtPeriodEnd: true,
        endedAt: now,
        scheduledProductId: null,
        scheduledCycle: null,
        nextPaymentAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(services.id, sub.id))
    await recordServiceEvent(tx, { serviceId: sub.id, type: 'cancelled', details: { by: 'admin' } })
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
    const { to: newEnd } = await extendLockedService(tx, sub, input.days)
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
