import { and, asc, eq, like } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { creditTransactions, mailOutbox } from '#db/schema/index.ts'
import {
  suspendServiceByAdmin,
  terminateServiceByAdmin,
} from '#server/services/services/admin-services.ts'
import { cancelService } from '#server/services/services/cancel-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { runRenewals, type RenewalOptions } from '#server/services/services/run-renewals.ts'
import {
  at,
  expectLedgerConsistent,
  fund,
  fundedUser,
  notificationsOf,
  plusDays,
} from '#tests/helpers/dns.ts'
import {
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
  serviceRow,
} from '#tests/helpers/services.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// The service lifecycle emails are outbox rows written in the transaction of the event (ADR
// 026): one per event and recipient, whatever runs twice or side by side. Other files share
// this database's outbox, so every assertion is about this test's own user.

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

const MONTHLY = 4_000
const BOUGHT = at('2027-01-10T00:00:00Z')
const PERIOD_END = at('2027-02-10T00:00:00Z')

const pools = Array.from({ length: 2 }, () => createDatabase(process.env.DATABASE_URL!, { max: 3 }))
afterAll(async () => {
  await Promise.all(pools.map((p) => p.sql.end()))
})

/** Two passes as of `now` at the same time, each from its own pool (two workers' processes). */
async function twoPasses(now: Date, options: RenewalOptions = {}) {
  const reports = await Promise.all(
    pools.map((p) => runRenewals(p.db, { now, workers: 2, batchSize: 2, ...options })),
  )
  return {
    reminderMails: reports.reduce((n, r) => n + r.reminderMails, 0),
    renewed: reports.reduce((n, r) => n + r.renewed, 0),
  }
}

/** A monthly server bought at BOUGHT (renews at PERIOD_END), `leftCents` of credits left over. */
async function serverOwner(leftCents: number, name: string, count = 1) {
  const productId = await dedicatedServerProduct({ monthly: MONTHLY })
  const user = await fundedUser(MONTHLY * count + leftCents, name)
  const ids: number[] = []
  for (let i = 0; i < count; i++) {
    const service = await orderService(db, {
      userId: user.id,
      productId,
      cycle: 'monthly',
      now: BOUGHT,
    })
    await markProvisioned(service.id)
    ids.push(service.id)
  }
  return { user, serviceId: ids[0]!, serviceIds: ids }
}

function mailsOf(userId: number, template: string) {
  return db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.template, template)))
    .orderBy(asc(mailOutbox.id))
}

describe('renewal coming up', () => {
  it('a week and a day before, once each even with two passes at once: short by $27.50, with the prefilled top-up', async () => {
    const { user, serviceId } = await serverOwner(1_250, 'Short Owner')

    // 6 days 23 hours before the renewal: the week-before email, once.
    expect((await twoPasses(at('2027-02-03T01:00:00Z'))).reminderMails).toBe(1)
    let mails = await mailsOf(user.id, 'service-renewal-reminder')
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({
      eventKey: `service:${serviceId}:renewal-reminder:2027-02-10:7d`,
      toAddress: user.email,
      status: 'pending',
    })
    expect(mails[0]!.data).toMatchObject({
      name: 'Short Owner',
      serviceId,
      label: 'Dedicated server',
      daysBefore: 7,
      periodEnd: PERIOD_END.toISOString(),
      renews: true,
      priceCents: 4_000,
      balanceCents: 1_250,
      shortfallCents: 2_750,
      topUp: { cents: 2_750, path: '/billing?tab=credits&amount=27.50' },
    })

    // Later the same week: no second week-before email; the in-app notice (3 days) comes alone.
    const twoDaysBefore = await runRenewals(db, { now: at('2027-02-08T00:00:00Z') })
    expect(twoDaysBefore).toMatchObject({ reminderMails: 0, reminders: 1 })
    expect(await notificationsOf(user.id, 'service_renewal_reminder')).toHaveLength(1)

    // The last day: the day-before email, once, with the balance as it is now.
    await fund(user.id, 2_000)
    expect((await twoPasses(at('2027-02-09T12:00:00Z'))).reminderMails).toBe(1)
    expect((await twoPasses(at('2027-02-09T18:00:00Z'))).reminderMails).toBe(0)
    mails = await mailsOf(user.id, 'service-renewal-reminder')
    expect(mails.map((m) => m.eventKey)).toEqual([
      `service:${serviceId}:renewal-reminder:2027-02-10:7d`,
      `service:${serviceId}:renewal-reminder:2027-02-10:1d`,
    ])
    expect(mails[1]!.data).toMatchObject({
      daysBefore: 1,
      balanceCents: 3_250,
      shortfallCents: 750,
      topUp: { cents: 750, path: '/billing?tab=credits&amount=7.50' },
    })
  })

  it('two renewals from one balance: the later one counts what the earlier one takes first', async () => {
    // $50 left, two $40 servers renewing the same day, and a third that ends (auto-renew off):
    // the first is covered, the second is $30 short, the one that ends takes nothing.
    const { user, serviceIds } = await serverOwner(5_000, 'Two Servers Owner', 3)
    const [first, second, ending] = serviceIds as [number, number, number]
    await cancelService(db, { userId: user.id, serviceId: ending })

    await runRenewals(db, { now: at('2027-02-08T00:00:00Z') })
    const mails = await mailsOf(user.id, 'service-renewal-reminder')
    const dataOf = (serviceId: number) =>
      mails.find((m) => m.eventKey.startsWith(`service:${serviceId}:`))!.data
    expect(dataOf(first)).toMatchObject({
      balanceCents: 5_000,
      dueBeforeCents: 0,
      shortfallCents: 0,
      topUp: null,
    })
    expect(dataOf(second)).toMatchObject({
      balanceCents: 5_000,
      dueBeforeCents: 4_000,
      shortfallCents: 3_000,
      topUp: { cents: 3_000, path: '/billing?tab=credits&amount=30.00' },
    })
    expect(dataOf(ending)).toMatchObject({ renews: false, dueBeforeCents: 0, topUp: null })
    // Only the second needs the in-app "add credits" notice, for its own shortfall.
    const notices = await notificationsOf(user.id, 'service_renewal_reminder')
    expect(notices).toHaveLength(1)
    expect(notices[0]!.body).toContain('you need $30.00 more')

    // The pass then renews exactly what the balance pays for: the first one.
    const renewal = await runRenewals(db, { now: plusDays(PERIOD_END, 0.001), reminders: false })
    expect(renewal).toMatchObject({ renewed: 1, past_due: 1 })
  })

  it('covered: says so, no top-up; auto-renew off: says it ends instead; nothing earlier than 7 days', async () => {
    const covered = await serverOwner(MONTHLY + 1, 'Covered Owner')
    const leaving = await serverOwner(0, 'Leaving Owner')
    await cancelService(db, { userId: leaving.user.id, serviceId: leaving.serviceId })

    await runRenewals(db, { now: at('2027-02-02T23:59:00Z') })
    expect(await mailsOf(covered.user.id, 'service-renewal-reminder')).toEqual([])
    expect(await mailsOf(leaving.user.id, 'service-renewal-reminder')).toEqual([])

    await runRenewals(db, { now: at('2027-02-03T00:00:00Z') })
    const [coveredMail] = await mailsOf(covered.user.id, 'service-renewal-reminder')
    expect(coveredMail!.data).toMatchObject({
      renews: true,
      balanceCents: MONTHLY + 1,
      shortfallCents: 0,
      topUp: null,
    })
    const [leavingMail] = await mailsOf(leaving.user.id, 'service-renewal-reminder')
    expect(leavingMail!.data).toMatchObject({ renews: false, topUp: null })
    // Neither needs the in-app "add credits" notice.
    expect(await notificationsOf(covered.user.id, 'service_renewal_reminder')).toEqual([])
    expect(await notificationsOf(leaving.user.id, 'service_renewal_reminder')).toEqual([])
  })
})

describe('renewal paid', () => {
  it('one email per service and period from two concurrent passes, with the balance after its own charge', async () => {
    const { user, serviceIds } = await serverOwner(MONTHLY * 3 + 500, 'Paying Owner', 3)
    const after = plusDays(PERIOD_END, 0.001)
    expect((await twoPasses(after, { reminders: false })).renewed).toBe(3)
    expect((await twoPasses(after, { reminders: false })).renewed).toBe(0)

    const mails = await mailsOf(user.id, 'service-renewed')
    expect(mails.map((m) => m.eventKey).sort()).toEqual(
      serviceIds.map((id) => `service:${id}:renewed:${PERIOD_END.toISOString()}`).sort(),
    )
    for (const mail of mails) {
      expect(mail.data).toMatchObject({
        name: 'Paying Owner',
        amountCents: MONTHLY,
        periodStart: PERIOD_END.toISOString(),
        periodEnd: '2027-03-10T00:00:00.000Z',
        resumed: false,
        label: 'Dedicated server',
      })
    }
    // Each email's "credits now" is what its own ledger entry left.
    const entries = await db
      .select({
        after: creditTransactions.balanceAfterCents,
        metadata: creditTransactions.metadata,
      })
      .from(creditTransactions)
      .where(
        and(eq(creditTransactions.userId, user.id), eq(creditTransactions.type, 'service_renewal')),
      )
    const afterByService = new Map(
      entries.map((e) => [(e.metadata as { serviceId: number }).serviceId, e.after]),
    )
    for (const mail of mails)
      expect(mail.data.balanceAfterCents).toBe(afterByService.get(mail.data.serviceId as number))
    expect(new Set(mails.map((m) => m.data.balanceAfterCents))).toEqual(
      new Set([500, 500 + MONTHLY, 500 + 2 * MONTHLY]),
    )
  })
})

describe('unpaid: past due, suspended, resumed or terminated', () => {
  it('each step mails once; paying resumes it and says so; never paying terminates it', async () => {
    const days = { graceDays: 3, terminateAfterDays: 5, reminders: false } as const
    const payer = await serverOwner(1_000, 'Late Payer')
    const never = await serverOwner(0, 'Never Payer')

    await twoPasses(plusDays(PERIOD_END, 0.001), days)
    await runRenewals(db, { now: plusDays(PERIOD_END, 1), ...days })
    const [failed] = await mailsOf(payer.user.id, 'service-renewal-failed')
    expect(await mailsOf(payer.user.id, 'service-renewal-failed')).toHaveLength(1)
    expect(failed!.eventKey).toBe(
      `service:${payer.serviceId}:renewal-failed:${PERIOD_END.toISOString()}`,
    )
    expect(failed!.data).toMatchObject({
      priceCents: MONTHLY,
      shortfallCents: 3_000,
      dueAt: PERIOD_END.toISOString(),
      graceEndsAt: plusDays(PERIOD_END, 3).toISOString(),
      suspends: true,
      topUp: { cents: 3_000, path: '/billing?tab=credits&amount=30.00' },
    })

    await twoPasses(plusDays(PERIOD_END, 3.001), days)
    await runRenewals(db, { now: plusDays(PERIOD_END, 4), ...days })
    expect((await serviceRow(payer.serviceId)).status).toBe('suspended')
    const suspended = await mailsOf(payer.user.id, 'service-suspended')
    expect(suspended).toHaveLength(1)
    expect(suspended[0]!.data).toMatchObject({
      by: 'unpaid',
      reason: null,
      shortfallCents: 3_000,
      terminatesAt: plusDays(PERIOD_END, 8).toISOString(),
      topUp: { path: '/billing?tab=credits&amount=30.00' },
    })

    await fund(payer.user.id, 3_000)
    await twoPasses(plusDays(PERIOD_END, 5), days)
    expect((await serviceRow(payer.serviceId)).status).toBe('active')
    const renewed = await mailsOf(payer.user.id, 'service-renewed')
    expect(renewed).toHaveLength(1)
    expect(renewed[0]!.data).toMatchObject({ resumed: true, balanceAfterCents: 0 })

    await twoPasses(plusDays(PERIOD_END, 8.001), days)
    await runRenewals(db, { now: plusDays(PERIOD_END, 9), ...days })
    expect((await serviceRow(never.serviceId)).status).toBe('terminated')
    for (const template of [
      'service-renewal-failed',
      'service-suspended',
      'service-terminated',
    ] as const)
      expect(await mailsOf(never.user.id, template)).toHaveLength(1)
    const [terminated] = await mailsOf(never.user.id, 'service-terminated')
    expect(terminated!.data).toMatchObject({ by: 'unpaid', dueAt: PERIOD_END.toISOString() })
    expect(await mailsOf(payer.user.id, 'service-terminated')).toEqual([])
  })
})

describe('ended and admin actions', () => {
  it('auto-renew off: one "ended" email at the period end', async () => {
    const { user, serviceId } = await serverOwner(MONTHLY, 'Ending Owner')
    await cancelService(db, { userId: user.id, serviceId })
    await twoPasses(plusDays(PERIOD_END, 0.001), { reminders: false })
    expect((await serviceRow(serviceId)).status).toBe('cancelled')
    const mails = await mailsOf(user.id, 'service-ended')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.data).toMatchObject({ endedAt: PERIOD_END.toISOString(), serviceId })
    expect(await mailsOf(user.id, 'service-renewed')).toEqual([])
  })

  it('suspended and terminated by an administrator: the reason is in the email', async () => {
    const admin = await createTestUser({ role: 'admin', name: 'Service Admin' })
    const { user, serviceId } = await serverOwner(0, 'Admin Target')
    const now = at('2027-01-20T00:00:00Z')
    await suspendServiceByAdmin(db, {
      serviceId,
      adminId: admin.id,
      reason: 'Abuse report #7',
      now,
    })
    await terminateServiceByAdmin(db, {
      serviceId,
      adminId: admin.id,
      reason: 'Abuse confirmed',
      now,
    })
    const [suspended] = await mailsOf(user.id, 'service-suspended')
    expect(suspended!.data).toMatchObject({
      by: 'admin',
      reason: 'Abuse report #7',
      topUp: null,
      suspendedAt: now.toISOString(),
    })
    const terminated = await mailsOf(user.id, 'service-terminated')
    expect(terminated).toHaveLength(1)
    expect(terminated[0]!.data).toMatchObject({ by: 'admin', reason: 'Abuse confirmed' })
    // Only this user's own messages were written for it.
    const others = await db
      .select()
      .from(mailOutbox)
      .where(like(mailOutbox.eventKey, `service:${serviceId}:%`))
    expect(others.every((row) => row.userId === user.id)).toBe(true)
  })
})
