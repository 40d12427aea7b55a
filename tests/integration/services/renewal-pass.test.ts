import { sql } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { db } from '#db/client.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { runRenewals } from '#server/services/services/run-renewals.ts'
import {
  at,
  balanceOf,
  expectLedgerConsistent,
  fundedUser,
  notificationsOf,
} from '#tests/helpers/dns.ts'
import {
  chargesOfService,
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
  serviceRow,
} from '#tests/helpers/services.ts'

// The pass claims batches of due services in one transaction each (SKIP LOCKED) and falls back
// to one transaction per service when anything in a batch fails. These tests pin what batching
// must not change: exactly-once charges, isolation of a failure, one settlement per pass.

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

const MONTHLY = 4_000
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null

/** `count` active monthly servers of one user bought at `boughtAt`, with `extraCents` left. */
async function serversOfOneUser(count: number, boughtAt: Date, extraCents: number) {
  const productId = await dedicatedServerProduct({ monthly: MONTHLY })
  const user = await fundedUser(MONTHLY * count + extraCents, 'Server Owner')
  const serviceIds: number[] = []
  for (let i = 0; i < count; i++) {
    const service = await orderService(db, {
      userId: user.id,
      productId,
      cycle: 'monthly',
      now: boughtAt,
    })
    await markProvisioned(service.id)
    serviceIds.push(service.id)
  }
  return { user, serviceIds }
}

describe('a renewal pass in batches', () => {
  const pools = Array.from({ length: 2 }, () =>
    createDatabase(process.env.DATABASE_URL!, { max: 3 }),
  )
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.sql.end()))
  })

  it('two passes in parallel, small batches over shared wallets, catching up two periods: every period charged once', async () => {
    const boughtAt = at('2027-01-10T00:00:00Z')
    const owners = await Promise.all(
      Array.from({ length: 4 }, () => serversOfOneUser(3, boughtAt, MONTHLY * 3 * 2)),
    )
    // Two period ends have passed: each server renews twice, one period at a time.
    const now = at('2027-03-10T00:00:01Z')
    const reports = await Promise.all(
      pools.map((p) => runRenewals(p.db, { now, workers: 2, batchSize: 3, reminders: false })),
    )
    expect(reports.reduce((n, r) => n + r.renewed, 0)).toBe(4 * 3 * 2)
    expect(reports.reduce((n, r) => n + r.failed + r.skipped + r.past_due, 0)).toBe(0)
    for (const { user, serviceIds } of owners) {
      expect(await balanceOf(user.id)).toBe(0)
      for (const id of serviceIds) {
        const charges = await chargesOfService(id)
        expect(charges.map((c) => [c.kind, iso(c.periodStart)])).toEqual([
          ['purchase', '2027-01-10T00:00:00.000Z'],
          ['renewal', '2027-02-10T00:00:00.000Z'],
          ['renewal', '2027-03-10T00:00:00.000Z'],
        ])
        expect(iso((await serviceRow(id)).currentPeriodEnd)).toBe('2027-04-10T00:00:00.000Z')
      }
    }
  })

  it('a service that fails in the middle of a batch fails alone, once; the rest of its batch renews', async () => {
    const { user, serviceIds } = await serversOfOneUser(5, at('2027-05-10T00:00:00Z'), MONTHLY * 5)
    const failing = serviceIds[2]!
    const fn = `test_fail_charges_${failing}`
    const owner = createDatabase(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1 })
    await owner.db.execute(
      sql.raw(`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        if new.service_id = ${failing} and new.kind = 'renewal' then raise exception 'injected charge failure'; end if;
        return new;
      end $$`),
    )
    await owner.db.execute(
      sql.raw(
        `create trigger ${fn} before insert on service_charges for each row execute function ${fn}()`,
      ),
    )
    try {
      const report = await runRenewals(db, {
        now: at('2027-06-10T00:00:01Z'),
        workers: 1,
        batchSize: 10,
        reminders: false,
      })
      expect(report).toMatchObject({ renewed: 4, failed: 1, skipped: 0 })
    } finally {
      await owner.db.execute(sql.raw(`drop trigger if exists ${fn} on service_charges`))
      await owner.db.execute(sql.raw(`drop function if exists ${fn}()`))
      await owner.sql.end()
    }
    for (const id of serviceIds) {
      const kinds = (await chargesOfService(id)).map((c) => c.kind)
      expect(kinds).toEqual(id === failing ? ['purchase'] : ['purchase', 'renewal'])
    }
    // Four renewals paid; the failed one took nothing and is still due for the next pass.
    expect(await balanceOf(user.id)).toBe(MONTHLY * 5 - MONTHLY * 4)
    expect(await serviceRow(failing)).toMatchObject({ status: 'active' })
  })

  it('an unfunded service is settled once per pass (past_due, one notice), not claimed again in a loop', async () => {
    const funded = await serversOfOneUser(4, at('2027-07-10T00:00:00Z'), MONTHLY * 4)
    const unfunded = await serversOfOneUser(1, at('2027-07-10T00:00:00Z'), 0)
    const report = await runRenewals(db, {
      now: at('2027-08-10T00:00:01Z'),
      workers: 2,
      batchSize: 1,
      reminders: false,
    })
    expect(report).toMatchObject({ renewed: 4, past_due: 1, failed: 0, skipped: 0 })
    expect(await serviceRow(unfunded.serviceIds[0]!)).toMatchObject({ status: 'past_due' })
    expect(await notificationsOf(unfunded.user.id, 'service_renewal_failed')).toHaveLength(1)
    expect(await balanceOf(funded.user.id)).toBe(0)
  })
})
