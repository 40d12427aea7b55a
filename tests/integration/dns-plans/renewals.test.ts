import { eq } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { db } from '#db/client.ts'
import { services } from '#db/schema/index.ts'
import { getPlanLimits, getMySubscription } from '#server/services/dns-plans/queries.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import {
  at,
  balanceOf,
  buy,
  chargesOf,
  endAllLiveSubscriptions,
  expectLedgerConsistent,
  fund,
  ledgerOf,
  notificationsOf,
  onlySubscription,
  plusDays,
  spendsOf,
  subscriber,
  subscriptionsOf,
} from '#tests/helpers/dns.ts'

// Renewal workers on their own connection pools, like two job-queue processes.
const workerA = createDatabase(process.env.DATABASE_URL!, { max: 10 })
const workerB = createDatabase(process.env.DATABASE_URL!, { max: 10 })
afterAll(async () => {
  await workerA.sql.end()
  await workerB.sql.end()
})

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveSubscriptions()
})

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null

describe('renewal across month ends and a leap year', () => {
  it('renews at each period end: Jan 31 → Feb 29 → Mar 31 → Apr 30, one charge per period', async () => {
    const { user } = await subscriber('basic', at('2027-12-31T12:00:00Z'), 3000)
    const ends = ['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30']
    const expectedNextEnds = ['2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31']
    expect(iso((await onlySubscription(user.id)).currentPeriodEnd)).toBe('2028-01-31T12:00:00.000Z')
    for (const [index, end] of ends.entries()) {
      const now = at(`${end}T12:00:00Z`)
      const report = await runRenewals(db, { now })
      expect(report).toMatchObject({ renewed: 1, past_due: 0, expired: 0, cancelled: 0 })
      const sub = await onlySubscription(user.id)
      expect(sub.status).toBe('active')
      expect(iso(sub.currentPeriodStart)).toBe(`${end}T12:00:00.000Z`)
      expect(iso(sub.currentPeriodEnd)).toBe(`${expectedNextEnds[index]}T12:00:00.000Z`)
      expect(iso(sub.nextPaymentAt)).toBe(`${expectedNextEnds[index]}T12:00:00.000Z`)
      expect(iso(sub.lastPaymentAt)).toBe(now.toISOString())
      expect(sub.anchorDay).toBe(31)

      // The same pass again charges nothing more.
      const again = await runRenewals(db, { now })
      expect(again).toMatchObject({ renewed: 0, past_due: 0, expired: 0, cancelled: 0 })
      expect(await chargesOf(user.id)).toHaveLength(index + 2)
    }

    const charges = await chargesOf(user.id)
    expect(
      charges.map((c) => [c.kind, c.amountCents, iso(c.periodStart), iso(c.periodEnd)]),
    ).toEqual([
      ['purchase', 500, '2027-12-31T12:00:00.000Z', '2028-01-31T12:00:00.000Z'],
      ['renewal', 500, '2028-01-31T12:00:00.000Z', '2028-02-29T12:00:00.000Z'],
      ['renewal', 500, '2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z'],
      ['renewal', 500, '2028-03-31T12:00:00.000Z', '2028-04-30T12:00:00.000Z'],
      ['renewal', 500, '2028-04-30T12:00:00.000Z', '2028-05-31T12:00:00.000Z'],
    ])
    const spends = await spendsOf(user.id)
    expect(spends.map((e) => [e.type, e.amountCents])).toEqual([
      ['service_purchase', -500],
      ['service_renewal', -500],
      ['service_renewal', -500],
      ['service_renewal', -500],
      ['service_renewal', -500],
    ])
    // Every charge points at its own ledger entry.
    expect(charges.map((c) => c.creditEntryId)).toEqual(spends.map((e) => e.id))
    expect(await balanceOf(user.id)).toBe(1000)
    expect(await notificationsOf(user.id, 'dns_plan_renewed')).toHaveLength(4)
  })

  it('a pass just before the period end does nothing', async () => {
    const { user } = await subscriber('basic', at('2027-12-31T12:00:00Z'), 3000)
    const report = await runRenewals(db, { now: at('2028-01-31T11:59:59.999Z') })
    expect(report).toMatchObject({ renewed: 0, past_due: 0, expired: 0, cancelled: 0 })
    expect(await chargesOf(user.id)).toHaveLength(1)
  })

  it('a pass long after several period ends catches up one period at a time', async () => {
    const { user } = await subscriber('basic', at('2027-12-31T12:00:00Z'), 3000)
    const report = await runRenewals(db, { now: at('2028-05-10T00:00:00Z') })
    expect(report.renewed).toBe(4)
    const charges = await chargesOf(user.id)
    expect(charges.map((c) => [c.kind, iso(c.periodStart), iso(c.periodEnd)])).toEqual([
      ['purchase', '2027-12-31T12:00:00.000Z', '2028-01-31T12:00:00.000Z'],
      ['renewal', '2028-01-31T12:00:00.000Z', '2028-02-29T12:00:00.000Z'],
      ['renewal', '2028-02-29T12:00:00.000Z', '2028-03-31T12:00:00.000Z'],
      ['renewal', '2028-03-31T12:00:00.000Z', '2028-04-30T12:00:00.000Z'],
      ['renewal', '2028-04-30T12:00:00.000Z', '2028-05-31T12:00:00.000Z'],
    ])
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('active')
    expect(iso(sub.currentPeriodEnd)).toBe('2028-05-31T12:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(1000)
    expect((await runRenewals(db, { now: at('2028-05-10T00:00:00Z') })).renewed).toBe(0)
  })

  it('catching up stops where the money runs out: the unpaid period goes past_due', async () => {
    // Enough for the purchase and two renewals only.
    const { user } = await subscriber('basic', at('2027-12-31T12:00:00Z'), 1000)
    const report = await runRenewals(db, { now: at('2028-03-31T13:00:00Z') })
    expect(report).toMatchObject({ renewed: 2, past_due: 1 })
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('past_due')
    expect(iso(sub.currentPeriodEnd)).toBe('2028-03-31T12:00:00.000Z')
    expect(await chargesOf(user.id)).toHaveLength(3)
    expect(await balanceOf(user.id)).toBe(0)
  })
})

describe('unpaid renewal: past_due, grace, expiry', () => {
  const bought = at('2027-03-10T09:00:00Z')
  const periodEnd = at('2027-04-10T09:00:00Z')

  it('goes past_due with a notification linking to a top-up of the shortfall, stays past_due in grace, expires after 7 days', async () => {
    const { user } = await subscriber('basic', bought, 200)
    expect(await balanceOf(user.id)).toBe(200)

    const first = await runRenewals(db, { now: periodEnd })
    expect(first).toMatchObject({ renewed: 0, past_due: 1, expired: 0 })
    let sub = await onlySubscription(user.id)
    expect(sub.status).toBe('past_due')
    expect(iso(sub.currentPeriodEnd)).toBe(iso(periodEnd))
    const failed = await notificationsOf(user.id, 'dns_plan_renewal_failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]!.link).toContain('/billing?tab=credits&amount=')
    expect(failed[0]!.link).toBe('/billing?tab=credits&amount=3.00')
    expect(failed[0]!.body).toContain('$3.00')
    const view = await getMySubscription(db, user.id)
    expect(iso(view!.graceEndsAt)).toBe('2027-04-17T09:00:00.000Z')
    // A past-due plan still works during grace.
    expect((await getPlanLimits(db, user.id)).hasPlan).toBe(true)

    for (const days of [2, 5]) {
      const report = await runRenewals(db, { now: plusDays(periodEnd, days) })
      expect(report).toMatchObject({ renewed: 0, past_due: 1, expired: 0 })
      sub = await onlySubscription(user.id)
      expect(sub.status).toBe('past_due')
    }
    // The failure notice is not repeated on every retry.
    expect(await notificationsOf(user.id, 'dns_plan_renewal_failed')).toHaveLength(1)

    const justBefore = await runRenewals(db, {
      now: new Date(plusDays(periodEnd, 7).getTime() - 1000),
    })
    expect(justBefore).toMatchObject({ past_due: 1, expired: 0 })

    const last = await runRenewals(db, { now: plusDays(periodEnd, 7) })
    expect(last).toMatchObject({ renewed: 0, past_due: 0, expired: 1 })
    sub = await onlySubscription(user.id)
    expect(sub.status).toBe('expired')
    expect(iso(sub.endedAt)).toBe(iso(plusDays(periodEnd, 7)))
    expect(sub.autoRenew).toBe(false)
    expect(sub.nextPaymentAt).toBeNull()
    expect(await notificationsOf(user.id, 'dns_plan_expired')).toHaveLength(1)
    expect((await getPlanLimits(db, user.id)).hasPlan).toBe(false)

    // Nothing was charged for the unpaid period.
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(200)
    // An expired plan is left alone by later passes.
    expect(await runRenewals(db, { now: plusDays(periodEnd, 40) })).toMatchObject({
      renewed: 0,
      expired: 0,
      past_due: 0,
    })
  })

  it('a past-due plan blocks a second purchase (409); after expiry a new purchase starts a new subscription', async () => {
    const { user } = await subscriber('basic', bought, 0)
    await runRenewals(db, { now: periodEnd })
    expect((await onlySubscription(user.id)).status).toBe('past_due')
    await fund(user.id, 2000)
    await expect(buy(user.id, 'pro', plusDays(periodEnd, 1))).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await db.update(services).set({ autoRenew: false }).where(eq(services.userId, user.id))
    // Turning auto-renew off while past due: the next pass ends it as expired, without a charge.
    expect(await runRenewals(db, { now: plusDays(periodEnd, 2) })).toMatchObject({
      expired: 1,
      renewed: 0,
    })
    const renewedAt = at('2027-05-20T15:00:00Z')
    await buy(user.id, 'pro', renewedAt)
    const subs = await subscriptionsOf(user.id)
    expect(subs.map((s) => s.status)).toEqual(['expired', 'active'])
    expect(subs[1]!.anchorDay).toBe(20)
    expect(iso(subs[1]!.currentPeriodEnd)).toBe('2027-06-20T15:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(500)
  })

  it('graceDays is configurable: with 3 days it expires on day 3', async () => {
    const { user } = await subscriber('basic', bought, 0)
    expect(await runRenewals(db, { now: periodEnd, graceDays: 3 })).toMatchObject({ past_due: 1 })
    expect(await runRenewals(db, { now: plusDays(periodEnd, 2), graceDays: 3 })).toMatchObject({
      past_due: 1,
      expired: 0,
    })
    expect(await runRenewals(db, { now: plusDays(periodEnd, 3), graceDays: 3 })).toMatchObject({
      expired: 1,
    })
    expect((await onlySubscription(user.id)).status).toBe('expired')
    expect(await notificationsOf(user.id, 'dns_plan_expired')).toHaveLength(1)
  })

  it('the top-up link asks for at least the minimum purchase when the shortfall is smaller', async () => {
    const { user } = await subscriber('basic', bought, 450)
    await runRenewals(db, { now: periodEnd })
    const [failed] = await notificationsOf(user.id, 'dns_plan_renewal_failed')
    expect(failed!.body).toContain('$0.50')
    expect(failed!.link).toBe('/billing?tab=credits&amount=1.00')
  })

  it('a top-up during grace renews on the next run; the new period starts at the old period end (no free days)', async () => {
    const { user } = await subscriber('basic', bought, 100)
    await runRenewals(db, { now: periodEnd })
    expect((await onlySubscription(user.id)).status).toBe('past_due')

    const later = plusDays(periodEnd, 3)
    await fund(user.id, 400, 'top-up during grace')
    const report = await runRenewals(db, { now: later })
    expect(report).toMatchObject({ renewed: 1, past_due: 0 })
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('active')
    expect(iso(sub.currentPeriodStart)).toBe('2027-04-10T09:00:00.000Z')
    expect(iso(sub.currentPeriodEnd)).toBe('2027-05-10T09:00:00.000Z')
    expect(iso(sub.lastPaymentAt)).toBe(iso(later))
    const charges = await chargesOf(user.id)
    expect(
      charges.map((c) => [c.kind, iso(c.periodStart), iso(c.periodEnd), c.amountCents]),
    ).toEqual([
      ['purchase', '2027-03-10T09:00:00.000Z', '2027-04-10T09:00:00.000Z', 500],
      ['renewal', '2027-04-10T09:00:00.000Z', '2027-05-10T09:00:00.000Z', 500],
    ])
    expect(await balanceOf(user.id)).toBe(0)
    expect((await getMySubscription(db, user.id))!.graceEndsAt).toBeNull()
  })
})

describe('two renewal workers at once', () => {
  it('with the same now from separate pools: exactly one charge per subscription and period', async () => {
    const subs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        subscriber('basic', at('2027-03-10T09:00:00Z'), 2000, `Racer ${i}`),
      ),
    )
    const now = at('2027-04-10T09:00:00Z')
    const [a, b] = await Promise.all([
      runRenewals(workerA.db, { now }),
      runRenewals(workerB.db, { now }),
    ])
    expect(a.renewed + b.renewed).toBe(6)
    for (const { user } of subs) {
      const charges = await chargesOf(user.id)
      expect(charges.map((c) => c.kind)).toEqual(['purchase', 'renewal'])
      expect(await balanceOf(user.id)).toBe(1500)
      expect((await spendsOf(user.id)).filter((e) => e.type === 'service_renewal')).toHaveLength(1)
    }
  })

  it('catching up several periods concurrently still charges each period once', async () => {
    const subs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        subscriber('basic', at('2027-01-31T10:00:00Z'), 5000, `Catch-up ${i}`),
      ),
    )
    // Due: Feb 28, Mar 31, Apr 30 → three renewals each.
    const now = at('2027-05-01T00:00:00Z')
    const reports = await Promise.all([
      runRenewals(workerA.db, { now }),
      runRenewals(workerB.db, { now }),
      runRenewals(db, { now }),
    ])
    expect(reports.reduce((sum, r) => sum + r.renewed, 0)).toBe(12)
    for (const { user } of subs) {
      const charges = await chargesOf(user.id)
      expect(charges.map((c) => iso(c.periodStart))).toEqual([
        '2027-01-31T10:00:00.000Z',
        '2027-02-28T10:00:00.000Z',
        '2027-03-31T10:00:00.000Z',
        '2027-04-30T10:00:00.000Z',
      ])
      expect(await balanceOf(user.id)).toBe(5500 - 4 * 500)
      expect(iso((await onlySubscription(user.id)).currentPeriodEnd)).toBe(
        '2027-05-31T10:00:00.000Z',
      )
    }
  })
})

describe('reminders', () => {
  it('two days before the end with too little balance: one reminder, not repeated', async () => {
    const { user } = await subscriber('pro', at('2027-06-15T00:00:00Z'), 200)
    const { user: rich } = await subscriber('pro', at('2027-06-15T00:00:00Z'), 1500)
    const twoDaysBefore = at('2027-07-13T00:00:00Z')

    const first = await runRenewals(db, { now: twoDaysBefore })
    expect(first.reminders).toBe(1)
    const reminders = await notificationsOf(user.id, 'dns_plan_renewal_reminder')
    expect(reminders).toHaveLength(1)
    expect(reminders[0]!.body).toContain('$13.00')
    expect(reminders[0]!.link).toBe('/billing?tab=credits&amount=13.00')
    expect(await notificationsOf(rich.id, 'dns_plan_renewal_reminder')).toEqual([])

    await runRenewals(db, { now: at('2027-07-13T06:00:00Z') })
    await runRenewals(db, { now: at('2027-07-14T00:00:00Z') })
    expect(await notificationsOf(user.id, 'dns_plan_renewal_reminder')).toHaveLength(1)
    // Reminders cost nothing.
    expect(await balanceOf(user.id)).toBe(200)
  })

  it('the report counts only reminders actually sent: a second run sends none', async () => {
    await subscriber('pro', at('2027-06-15T00:00:00Z'), 200)
    expect((await runRenewals(db, { now: at('2027-07-13T00:00:00Z') })).reminders).toBe(1)
    const second = await runRenewals(db, { now: at('2027-07-13T06:00:00Z') })
    expect(second.reminders).toBe(0)
  })

  it('no reminder earlier than 3 days before, nor for a cancelled plan', async () => {
    const { user } = await subscriber('pro', at('2027-06-15T00:00:00Z'), 0)
    await runRenewals(db, { now: at('2027-07-11T23:59:00Z') })
    expect(await notificationsOf(user.id, 'dns_plan_renewal_reminder')).toEqual([])
    const { cancelPlan } = await import('#server/services/dns-plans/change-plan.ts')
    await cancelPlan(db, user.id)
    await runRenewals(db, { now: at('2027-07-13T00:00:00Z') })
    expect(await notificationsOf(user.id, 'dns_plan_renewal_reminder')).toEqual([])
  })
})

describe('a pass with many past-due subscriptions', () => {
  it('still renews the others when the past-due ones fill a whole batch', async () => {
    // Two unpaid subscriptions due first, then a paid one due later; one worker claiming in order.
    const { user: poorA } = await subscriber('basic', at('2027-03-01T00:00:00Z'), 0, 'Poor A')
    const { user: poorB } = await subscriber('basic', at('2027-03-02T00:00:00Z'), 0, 'Poor B')
    const { user: payer } = await subscriber('basic', at('2027-03-03T00:00:00Z'), 500, 'Payer')
    const report = await runRenewals(db, { now: at('2027-04-05T00:00:00Z'), workers: 1 })
    expect((await onlySubscription(poorA.id)).status).toBe('past_due')
    expect((await onlySubscription(poorB.id)).status).toBe('past_due')
    expect(report.past_due).toBe(2)
    expect(report.renewed).toBe(1)
    expect(await chargesOf(payer.id)).toHaveLength(2)
    expect((await ledgerOf(payer.id)).map((e) => e.type)).toContain('service_renewal')
  })
})
