import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.ts'
import {
  services,
  users,
  type ProductFamily,
  type Service,
  type ServiceStatus,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import type { AdminAuditAction } from '#server/services/audit/schemas.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { recordServiceEvent } from '#server/services/provisioning/record-service-event.ts'
import { day, LIVE_STATUSES, noticeStyle, serviceMailRef } from './lifecycle.ts'
import { getProduct, getService, toViews } from './queries.ts'
import { listServiceCharges } from './service-charges.ts'
import type { ServiceChargeView, ServiceView } from './views.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const CYCLE_NOUN = { monthly: 'month', quarterly: 'quarter', yearly: 'year' } as const

export type AdminServiceRow = ServiceView & { user: { id: number; name: string; email: string } }

/** Services for the admin list: by family, status, due by a date, user (id or name/email text). */
export async function listServicesForAdmin(
  db: Db,
  filters: {
    family?: ProductFamily | undefined
    status?: ServiceStatus | undefined
    dueBefore?: Date | undefined
    dueAfter?: Date | undefined
    userId?: number | undefined
    search?: string | undefined
    limit?: number | undefined
    cursor?: number | null | undefined
  } = {},
): Promise<{ items: AdminServiceRow[]; nextCursor: number | null }> {
  const limit = filters.limit ?? 50
  const due = Boolean(filters.dueBefore || filters.dueAfter)
  const rows = await db
    .select({ service: services, user: { id: users.id, name: users.name, email: users.email } })
    .from(services)
    .innerJoin(users, eq(users.id, services.userId))
    .where(
      and(
        filters.family ? eq(services.family, filters.family) : undefined,
        filters.status ? eq(services.status, filters.status) : undefined,
        filters.dueBefore || filters.dueAfter
          ? and(
              filters.dueBefore ? lte(services.currentPeriodEnd, filters.dueBefore) : undefined,
              filters.dueAfter ? gte(services.currentPeriodEnd, filters.dueAfter) : undefined,
              inArray(services.status, [...LIVE_STATUSES]),
            )
          : undefined,
        filters.userId ? eq(services.userId, filters.userId) : undefined,
        filters.search
          ? or(ilike(users.email, `%${filters.search}%`), ilike(users.name, `%${filters.search}%`))
          : undefined,
        filters.cursor ? sql`${services.id} < ${filters.cursor}` : undefined,
      ),
    )
    // By due date there is no keyset: one page of the soonest due (`limit`, at most 100).
    .orderBy(due ? asc(services.currentPeriodEnd) : desc(services.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const views = await toViews(
    db,
    page.map((r) => r.service),
  )
  return {
    items: views.map((view, i) => ({ ...view, user: page[i]!.user })),
    nextCursor: rows.length > limit && !due ? page.at(-1)!.service.id : null,
  }
}

export type AdminServiceDetail = AdminServiceRow & { charges: ServiceChargeView[] }

/** One service for the admin detail page: its owner and every charge with what is refundable. */
export async function getServiceForAdmin(db: Db, serviceId: number): Promise<AdminServiceDetail> {
  const [view, charges, [user]] = await Promise.all([
    getService(db, serviceId),
    listServiceCharges(db, serviceId),
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .innerJoin(services, eq(services.userId, users.id))
      .where(eq(services.id, serviceId)),
  ])
  return { ...view, user: user!, charges }
}

type AdminInput = { serviceId: number; adminId: number; reason: string; now?: Date }

async function lockService(tx: Tx, serviceId: number, allowed: readonly ServiceStatus[]) {
  const [service] = await tx.select().from(services).where(eq(services.id, serviceId)).for('update')
  if (!service) throw new AppError('NOT_FOUND', 'No such service.')
  if (!allowed.includes(service.status))
    throw new AppError('CONFLICT', `This service is ${service.status.replace('_', ' ')}.`, {
      details: { status: service.status },
    })
  return service
}

async function audit(
  tx: Tx,
  service: Service,
  input: AdminInput,
  action: AdminAuditAction,
  details: Record<string, unknown>,
) {
  await recordAdminAction(tx, {
    adminUserId: input.adminId,
    targetUserId: service.userId,
    action,
    subject: `service:${service.id}`,
    reason: input.reason,
    details: { status: service.status, ...details },
  })
}

/** Suspends a running service now (the customer keeps it; unsuspend or a paid renewal resumes it). */
export async function suspendServiceByAdmin(db: Db, input: AdminInput): Promise<ServiceView> {
  const now = input.now ?? new Date()
  await db.transaction(async (tx) => {
    const service = await lockService(tx, input.serviceId, ['active', 'past_due'])
    await tx
      .update(services)
      .set({ status: 'suspended', suspendedAt: now, updatedAt: sql`now()` })
      .where(eq(services.id, service.id))
    await audit(tx, service, input, 'service.suspend', {})
    await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'suspended',
      details: { by: 'admin' },
    })
    const product = await getProduct(tx, service.productId)
    await enqueueMail(tx, {
      eventKey: `service:${service.id}:suspended:${now.toISOString()}`,
      recipient: { userId: service.userId },
      template: 'service-suspended',
      data: {
        ...serviceMailRef(service, product.name),
        suspendedAt: now.toISOString(),
        by: 'admin',
        reason: input.reason,
        shortfallCents: null,
        dueAt: null,
        terminatesAt: null,
        topUp: null,
      },
    })
    const style = noticeStyle(service.family)
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('suspended'),
      title: `${style.label} suspended`,
      body: `An administrator suspended your ${style.label}: ${input.reason}`,
      link: style.link,
    })
  })
  await requestMailDelivery()
  return getService(db, input.serviceId)
}

/** Lifts a suspension; a period that ended unpaid is still renewed (or not) by the renewal pass. */
export async function unsuspendServiceByAdmin(db: Db, input: AdminInput): Promise<ServiceView> {
  const now = input.now ?? new Date()
  await db.transaction(async (tx) => {
    const service = await lockService(tx, input.serviceId, ['suspended'])
    const paidUp = service.currentPeriodEnd > now
    await tx
      .update(services)
      .set({ status: paidUp ? 'active' : 'past_due', suspendedAt: null, updatedAt: sql`now()` })
      .where(eq(services.id, service.id))
    await audit(tx, service, input, 'service.unsuspend', {})
    await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'unsuspended',
      details: { by: 'admin' },
    })
  })
  return getService(db, input.serviceId)
}

/** Ends a service now, for good (no refund; refunds are their own admin action). */
export async function terminateServiceByAdmin(db: Db, input: AdminInput): Promise<ServiceView> {
  const now = input.now ?? new Date()
  await db.transaction(async (tx) => {
    const service = await lockService(tx, input.serviceId, LIVE_STATUSES)
    await tx
      .update(services)
      .set({
        status: 'terminated',
        endedAt: now,
        autoRenew: false,
        scheduledProductId: null,
        scheduledCycle: null,
        nextPaymentAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(services.id, service.id))
    await audit(tx, service, input, 'service.terminate', {})
    await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'terminated',
      details: { by: 'admin' },
    })
    const product = await getProduct(tx, service.productId)
    await enqueueMail(tx, {
      eventKey: `service:${service.id}:terminated`,
      recipient: { userId: service.userId },
      template: 'service-terminated',
      data: {
        ...serviceMailRef(service, product.name),
        endedAt: now.toISOString(),
        by: 'admin',
        reason: input.reason,
        dueAt: null,
      },
    })
    const style = noticeStyle(service.family)
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('terminated_by_admin'),
      title: `${style.label} terminated`,
      body: `An administrator terminated your ${style.label}: ${input.reason}`,
      link: style.link,
    })
  })
  await requestMailDelivery()
  return getService(db, input.serviceId)
}

/**
 * Adds free days to the current period, inside the caller's transaction; an unpaid service
 * becomes active again until the new end (a suspended one is unsuspended). The anchor moves
 * with the end, so the next paid period is a full cycle from it.
 */
export async function extendLockedService(
  tx: Tx,
  service: Service,
  days: number,
): Promise<{ from: Date; to: Date }> {
  const to = new Date(service.currentPeriodEnd.getTime() + days * DAY_MS)
  await tx
    .update(services)
    .set({
      currentPeriodEnd: to,
      anchorDay: to.getUTCDate(),
      nextPaymentAt: to,
      status: service.status === 'pending' ? 'pending' : 'active',
      suspendedAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(services.id, service.id))
  if (service.status === 'suspended')
    await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'unsuspended',
      details: { by: 'admin', extendedDays: days },
    })
  return { from: service.currentPeriodEnd, to }
}

export async function extendServiceByAdmin(
  db: Db,
  input: AdminInput & { days: number },
): Promise<ServiceView> {
  await db.transaction(async (tx) => {
    const service = await lockService(tx, input.serviceId, LIVE_STATUSES)
    const { from, to } = await extendLockedService(tx, service, input.days)
    await audit(tx, service, input, 'service.extend', {
      days: input.days,
      from: from.toISOString(),
      to: to.toISOString(),
    })
    const style = noticeStyle(service.family)
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('extended'),
      title: `${style.label} extended`,
      body: `An administrator extended your ${style.label} by ${input.days} days, to ${day(to)}.`,
      link: style.link,
    })
  })
  return getService(db, input.serviceId)
}

/**
 * Sets the price this service renews at from its next renewal (the current period stays
 * paid as it was); the customer is told now.
 */
export async function changeServicePriceByAdmin(
  db: Db,
  input: AdminInput & { priceCents: number },
): Promise<ServiceView> {
  await db.transaction(async (tx) => {
    const service = await lockService(tx, input.serviceId, LIVE_STATUSES)
    await tx
      .update(services)
      .set({
        nextRecurringPriceCents:
          input.priceCents === service.recurringPriceCents ? null : input.priceCents,
        updatedAt: sql`now()`,
      })
      .where(eq(services.id, service.id))
    await audit(tx, service, input, 'service.change_price', {
      from: service.nextRecurringPriceCents ?? service.recurringPriceCents,
      to: input.priceCents,
    })
    const style = noticeStyle(service.family)
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('price_changed'),
      title: `New price for your ${style.label}`,
      body: `From the renewal on ${day(service.currentPeriodEnd)}, it renews for ${formatCents(input.priceCents)} per ${CYCLE_NOUN[service.cycle]}.`,
      link: style.link,
    })
  })
  return getService(db, input.serviceId)
}
