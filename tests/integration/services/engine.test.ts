import { sql } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { db } from '#db/client.ts'
import { adminAuditLog, serviceCharges, services } from '#db/schema/index.ts'
import {
  changeServicePriceByAdmin,
  suspendServiceByAdmin,
} from '#server/services/services/admin-services.ts'
import { resumeService } from '#server/services/services/cancel-service.ts'
import { changeService } from '#server/services/services/change-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { runRenewals } from '#server/services/services/run-renewals.ts'
import {
  at,
  balanceOf,
  expectLedgerConsistent,
  fund,
  fundedUser,
  ledgerAdmin,
  planId,
  plusDays,
  spendsOf,
} from '#tests/helpers/dns.ts'
import {
  chargesOfService,
  dedicatedServerProduct,
  endAllLiveServices,
  eventsOf,
  markProvisioned,
  serviceRow,
} from '#tests/helpers/services.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null
const GRACE = 7
const TERMINATE_AFTER = 10
const lifecycle = { graceDays: GRACE, terminateAfterDays: TERMINATE_AFTER }

/** An active dedicated server bought at `now`, with `extraCents` left on the balance. */
async function activeServer(now: Date, extraCents: number, monthly = 4_000) {
  const productId = await dedicatedServerProduct({ monthly })
  const user = await fundedUser(monthly + extraCents, 'Server Owner')
  const service = await orderService(db, { userId: user.id, productId, cycle: 'monthly', now })
  await markProvisioned(service.id)
  return { user, productId, serviceId: service.id }
}

describe('ordering', () => {
  it('a monthly dedicated server with a setup fee: price and fee charged once each, pending until provisioned', async () => {
    const productId = await dedicatedServerProduct({ monthly: 4_900, yearly: 49_000 }, 2_500)
    const user = await fundedUser(10_000)
    const service = await orderService(db, {
      userId: user.id,
      productId,
      cycle: 'monthly',
      now: at('2027-01-31T10:00:00Z'),
    })
    expect(service).toMatchObject({
      family: 'dedicated_server',
      status: 'pending',
      cycle: 'monthly',
      recurringPrice: { cents: 4_900 },
      pricePaid: { cents: 4_900 },
    })
    expect(iso(service.currentPeriodEnd)).toBe('2027-02-28T10:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(10_000 - 4_900 - 2_500)
    const spends = await spendsOf(user.id)
    expect(spends.map((e) => [e.type, e.amountCents])).toEqual([
      ['service_purchase', -4_900],
      ['service_setup_fee', -2_500],
    ])
    const charges = await chargesOfService(service.id)
    expect(charges.map((c) => [c.kind, c.amountCents, c.creditEntryId])).toEqual([
      ['purchase', 4_900, spends[0]!.id],
      ['setup_fee', 2_500, spends[1]!.id],
    ])
    // Pending: no activation event until an admin provisions it.
    expect(await eventsOf(service.id)).toEqual([])
    // The setup fee is charged once per service, whatever tries again (the database says so).
    const { id: _fee, ...fee } = charges[1]!
    await expect(
      db.insert(serviceCharges).values({ ...fee, creditEntryId: spends[0]!.id }),
    ).rejects.toSatisfy((e: unknown) => isUniqueViolation(e))
  })

  it('a yearly order runs twelve anchored months and charges the yearly price (not 12× monthly)', async () => {
    const productId = await dedicatedServerProduct({ monthly: 4_900, yearly: 49_000 })
    const user = await fundedUser(49_000)
    const service = await orderService(db, {
      userId: user.id,
      productId,
      cycle: 'yearly',
      now: at('2028-02-29T08:00:00Z'),
    })
    expect(iso(service.currentPeriodEnd)).toBe('2029-02-28T08:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(0)
    await expect(
      orderService(db, { userId: user.id, productId, cycle: 'quarterly' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('a DNS plan starts active with its activated event, written with the order', async () => {
    const user = await fundedUser(500)
    const service = await orderService(db, {
      userId: user.id,
      productId: await planId('basic'),
      cycle: 'monthly',
      now: at('2027-03-01T00:00:00Z'),
    })
    expect(service.status).toBe('active')
    expect((await eventsOf(service.id)).map((e) => e.type)).toEqual(['activated'])
  })
})

describe('per-family rules', () => {
  it('a user may hold two dedicated servers', async () => {
    const productId = await dedicatedServerProduct({ monthly: 1_000 })
    const user = await fundedUser(2_000)
    const first = await orderService(db, { userId: user.id, productId, cycle: 'monthly' })
    const second = await orderService(db, { userId: user.id, productId, cycle: 'monthly' })
    expect(first.id).not.toBe(second.id)
    expect(await balanceOf(user.id)).toBe(0)
  })

  it('two live DNS plans are refused: by the engine, and by the database when written directly', async () => {
    const user = await fundedUser(2_000)
    const basic = await planId('basic')
    const first = await orderService(db, { userId: user.id, productId: basic, cycle: 'monthly' })
    await expect(
      orderService(db, { userId: user.id, productId: await planId('pro'), cycle: 'monthly' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await balanceOf(user.id)).toBe(1_500)
    const row = await serviceRow(first.id)
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = row
    await expect(db.insert(services).values(copy)).rejects.toSatisfy((e: unknown) =>
      isUniqueViolation(e, 'services_one_live_dns'),
    )
  })
})

describe('renewals', () => {
  const pools = Array.from({ length: 4 }, () =>
    createDatabase(process.env.DATABASE_URL!, { max: 3 }),
  )
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.sql.end()))
  })

  it('the same due renewal raced by four passes of two workers each is charged once', async () => {
    const { user, serviceId } = await activeServer(at('2027-05-10T00:00:00Z'), 4_000 * 3)
    const now = at('2027-06-10T00:00:01Z')
    const reports = await Promise.all(
      pools.map((p) => runRenewals(p.db, { now, workers: 2, reminders: false })),
    )
    expect(reports.reduce((n, r) => n + r.renewed, 0)).toBe(1)
    expect(reports.reduce((n, r) => n + r.failed, 0)).toBe(0)
    const charges = await chargesOfService(serviceId)
    expect(charges.map((c) => [c.kind, iso(c.periodStart)])).toEqual([
      ['purchase', '2027-05-10T00:00:00.000Z'],
      ['renewal', '2027-06-10T00:00:00.000Z'],
    ])
    expect(await balanceOf(user.id)).toBe(4_000 * 2)
    // And the database refuses a second charge for that period, whoever writes it.
    const { id: _renewal, ...renewal } = charges[1]!
    await expect(
      db
        .insert(serviceCharges)
        .values({ ...renewal, kind: 'purchase', creditEntryId: charges[0]!.creditEntryId }),
    ).rejects.toSatisfy((e: unknown) => isUniqueViolation(e))
  })

  it('unfunded: past_due, suspended after the grace days, resumed by a top-up and the next pass', async () => {
    const { user, serviceId } = await activeServer(at('2027-03-15T12:00:00Z'), 1_000)
    const due = at('2027-04-15T12:00:00Z')

    expect(await runRenewals(db, { now: due, ...lifecycle })).toMatchObject({ past_due: 1 })
    expect((await serviceRow(serviceId)).status).toBe('past_due')
    const justBefore = plusDays(due, GRACE - 0.01)
    expect(await runRenewals(db, { now: justBefore, ...lifecycle })).toMatchObject({ past_due: 1 })

    const graceOver = plusDays(due, GRACE)
    expect(await runRenewals(db, { now: graceOver, ...lifecycle })).toMatchObject({
      suspended: 1,
      renewed: 0,
    })
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended' })
    expect(await balanceOf(user.id)).toBe(1_000)

    await fund(user.id, 3_000)
    const paid = plusDays(graceOver, 1)
    expect(await runRenewals(db, { now: paid, ...lifecycle })).toMatchObject({ renewed: 1 })
    const resumed = await serviceRow(serviceId)
    expect(resumed).toMatchObject({ status: 'active', suspendedAt: null })
    // The paid period is the one that was due, not one starting at the payment.
    expect(iso(resumed.currentPeriodStart)).toBe(due.toISOString())
    expect(iso(resumed.currentPeriodEnd)).toBe('2027-05-15T12:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(0)
    expect((await eventsOf(serviceId)).map((e) => e.type)).toEqual(['suspended', 'unsuspended'])
  })

  it("an administrator's mid-period suspension is not a debt: the customer's resume is a 409 and charges nothing", async () => {
    const now = at('2027-03-15T12:00:00Z')
    const { user, serviceId } = await activeServer(now, 10_000)
    const admin = await ledgerAdmin()
    const later = plusDays(now, 3)
    await suspendServiceByAdmin(db, { serviceId, adminId: admin.id, reason: 'Abuse report', now: later })

    const refused = resumeService(db, { userId: user.id, serviceId, now: plusDays(later, 1) })
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(refused).rejects.toThrow(/administrator suspended/)
    expect(await serviceRow(serviceId)).toMatchObject({ status: 'suspended' })
    expect(await balanceOf(user.id)).toBe(10_000)
  })

  it('terminated after the further configured days unpaid; later passes leave it alone', async () => {
    const { serviceId } = await activeServer(at('2027-03-15T12:00:00Z'), 0)
    const due = at('2027-04-15T12:00:00Z')
    await runRenewals(db, { now: due, ...lifecycle })
    await runRenewals(db, { now: plusDays(due, GRACE), ...lifecycle })
    const almost = plusDays(due, GRACE + TERMINATE_AFTER - 0.01)
    expect(await runRenewals(db, { now: almost, ...lifecycle })).toMatchObject({ suspended: 1 })
    const end = plusDays(due, GRACE + TERMINATE_AFTER)
    expect(await runRenewals(db, { now: end, ...lifecycle })).toMatchObject({ terminated: 1 })
    const row = await serviceRow(serviceId)
    expect(row).toMatchObject({ status: 'terminated', autoRenew: false })
    expect(iso(row.endedAt)).toBe(end.toISOString())
    expect((await eventsOf(serviceId)).map((e) => e.type)).toEqual(['suspended', 'terminated'])
    expect(await runRenewals(db, { now: plusDays(end, 40), ...lifecycle })).toMatchObject({
      terminated: 0,
      renewed: 0,
    })
  })

  it("an admin's price change applies at the next renewal, not to the paid period", async () => {
    const { user, serviceId } = await activeServer(at('2027-03-01T00:00:00Z'), 10_000, 4_000)
    const admin = await ledgerAdmin()
    const changed = await changeServicePriceByAdmin(db, {
      serviceId,
      adminId: admin.id,
      reason: 'new hardware pricing',
      priceCents: 4_500,
    })
    expect(changed).toMatchObject({
      recurringPrice: { cents: 4_000 },
      nextRecurringPrice: { cents: 4_500 },
    })
    expect(await balanceOf(user.id)).toBe(10_000)
    await runRenewals(db, { now: at('2027-04-01T00:00:00Z') })
    expect((await chargesOfService(serviceId)).map((c) => c.amountCents)).toEqual([4_000, 4_500])
    expect(await serviceRow(serviceId)).toMatchObject({
      recurringPriceCents: 4_500,
      nextRecurringPriceCents: null,
      pricePaidCents: 4_500,
    })
    const [audit] = await db
      .select()
      .from(adminAuditLog)
      .where(sql`${adminAuditLog.subject} = ${`service:${serviceId}`}`)
    expect(audit).toMatchObject({ action: 'service.change_price', reason: 'new hardware pricing' })
  })

  it('a cycle change is scheduled for the period end and applied by the renewal with its event', async () => {
    const productId = await dedicatedServerProduct({ monthly: 4_000, yearly: 40_000 })
    const user = await fundedUser(44_000)
    const service = await orderService(db, {
      userId: user.id,
      productId,
      cycle: 'monthly',
      now: at('2027-03-01T00:00:00Z'),
    })
    await markProvisioned(service.id)
    const change = await changeService(db, {
      userId: user.id,
      serviceId: service.id,
      productId,
      cycle: 'yearly',
      now: at('2027-03-10T00:00:00Z'),
    })
    expect(change).toMatchObject({ kind: 'cycle_change', charged: { cents: 0 } })
    await runRenewals(db, { now: at('2027-04-01T00:00:00Z') })
    const row = await serviceRow(service.id)
    expect(row).toMatchObject({
      cycle: 'yearly',
      recurringPriceCents: 40_000,
      scheduledCycle: null,
    })
    expect(iso(row.currentPeriodEnd)).toBe('2028-04-01T00:00:00.000Z')
    expect((await eventsOf(service.id)).map((e) => e.type)).toEqual(['plan_changed'])
  })
})

describe('the outbox event commits with the change, or neither does', () => {
  it('a failing event write rolls back that renewal (money included) and the other services still renew', async () => {
    const failing = await activeServer(at('2027-03-15T12:00:00Z'), 0)
    const healthy = await activeServer(at('2027-03-15T12:00:00Z'), 4_000)
    const due = at('2027-04-15T12:00:00Z')
    await runRenewals(db, { now: due, ...lifecycle })
    await runRenewals(db, { now: plusDays(due, GRACE), ...lifecycle })
    expect((await serviceRow(failing.serviceId)).status).toBe('suspended')
    await fund(failing.user.id, 4_000)

    const fn = `test_fail_events_${failing.serviceId}`
    const owner = createDatabase(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1 })
    await owner.db.execute(
      sql.raw(`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        if new.service_id = ${failing.serviceId} then raise exception 'injected outbox failure'; end if;
        return new;
      end $$`),
    )
    await owner.db.execute(
      sql.raw(
        `create trigger ${fn} before insert on service_events for each row execute function ${fn}()`,
      ),
    )
    try {
      const report = await runRenewals(db, { now: plusDays(due, GRACE + 1), ...lifecycle })
      expect(report).toMatchObject({ failed: 1 })
      // Nothing of the failed renewal stayed: no charge, no money moved, still suspended.
      expect(await serviceRow(failing.serviceId)).toMatchObject({ status: 'suspended' })
      expect(await balanceOf(failing.user.id)).toBe(4_000)
      expect((await chargesOfService(failing.serviceId)).map((c) => c.kind)).toEqual(['purchase'])
      // The healthy service (already renewed when due) is unaffected.
      expect((await chargesOfService(healthy.serviceId)).map((c) => c.kind)).toEqual([
        'purchase',
        'renewal',
      ])
    } finally {
      await owner.db.execute(sql.raw(`drop trigger if exists ${fn} on service_events`))
      await owner.db.execute(sql.raw(`drop function if exists ${fn}()`))
      await owner.sql.end()
    }
    // Without the fault, the next pass resumes it, with its event.
    expect(await runRenewals(db, { now: plusDays(due, GRACE + 2), ...lifecycle })).toMatchObject({
      renewed: 1,
    })
    expect((await eventsOf(failing.serviceId)).map((e) => e.type)).toEqual([
      'suspended',
      'unsuspended',
    ])
  })
})
