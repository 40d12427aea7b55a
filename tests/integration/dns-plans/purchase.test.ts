import { sql } from 'drizzle-orm'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import * as purchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import { createDatabase } from '#db/connection.ts'
import { db } from '#db/client.ts'
import { isAppError } from '#server/errors.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import {
  at,
  balanceOf,
  buy,
  chargesOf,
  expectLedgerConsistent,
  fundedUser,
  ledgerOf,
  notificationsOf,
  planId,
  planIds,
  restError,
  spendsOf,
  subscriptionsOf,
  trpcError,
} from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcMutation } from '#tests/helpers/trpc.ts'

// Separate connections so concurrent purchases truly race inside PostgreSQL.
const pool = createDatabase(process.env.DATABASE_URL!, { max: 20 })
afterAll(() => pool.sql.end())

afterEach(async () => {
  await expectLedgerConsistent()
})

describe('purchase', () => {
  it('charges exactly the price as one service_purchase entry with one charge row pointing at it', async () => {
    const user = await fundedUser(2000)
    const now = at('2027-03-15T14:20:00Z')
    const view = await purchasePlan(db, { userId: user.id, planId: await planId('pro'), now })

    expect(view).toMatchObject({
      status: 'active',
      plan: { slug: 'pro' },
      pricePaid: { cents: 1500 },
    })
    expect(await balanceOf(user.id)).toBe(500)

    const spends = await spendsOf(user.id)
    expect(spends).toHaveLength(1)
    expect(spends[0]).toMatchObject({
      type: 'service_purchase',
      amountCents: -1500,
      balanceBeforeCents: 2000,
      balanceAfterCents: 500,
      paymentMethod: 'custom_credits',
    })

    const [sub] = await subscriptionsOf(user.id)
    expect(sub).toMatchObject({
      status: 'active',
      planId: await planId('pro'),
      anchorDay: 15,
      pricePaidCents: 1500,
      autoRenew: true,
      cancelAtPeriodEnd: false,
      scheduledPlanId: null,
    })
    expect(sub!.currentPeriodStart.toISOString()).toBe('2027-03-15T14:20:00.000Z')
    expect(sub!.currentPeriodEnd.toISOString()).toBe('2027-04-15T14:20:00.000Z')
    expect(sub!.nextPaymentAt?.toISOString()).toBe('2027-04-15T14:20:00.000Z')

    const charges = await chargesOf(user.id)
    expect(charges).toHaveLength(1)
    expect(charges[0]).toMatchObject({
      subscriptionId: sub!.id,
      planId: await planId('pro'),
      kind: 'purchase',
      amountCents: 1500,
      creditEntryId: spends[0]!.id,
    })
    expect(charges[0]!.periodStart.toISOString()).toBe('2027-03-15T14:20:00.000Z')
    expect(charges[0]!.periodEnd.toISOString()).toBe('2027-04-15T14:20:00.000Z')
    expect(await notificationsOf(user.id, 'dns_plan_purchased')).toHaveLength(1)
  })

  it.each([
    ['2027-01-31T10:00:00Z', '2027-02-28T10:00:00.000Z', 31],
    ['2028-01-31T10:00:00Z', '2028-02-29T10:00:00.000Z', 31],
    ['2027-12-31T23:59:59Z', '2028-01-31T23:59:59.000Z', 31],
    ['2027-08-30T00:00:00Z', '2027-09-30T00:00:00.000Z', 30],
    ['2027-02-28T06:00:00Z', '2027-03-28T06:00:00.000Z', 28],
  ])('a purchase at %s runs one calendar month, to %s', async (now, end, anchor) => {
    const user = await fundedUser(500)
    await buy(user.id, 'basic', at(now))
    const [sub] = await subscriptionsOf(user.id)
    expect(sub!.currentPeriodStart.toISOString()).toBe(new Date(now).toISOString())
    expect(sub!.currentPeriodEnd.toISOString()).toBe(end)
    expect(sub!.anchorDay).toBe(anchor)
    expect(await balanceOf(user.id)).toBe(0)
  })

  it('with too few credits: INSUFFICIENT_CREDITS (402) with the shortfall, and nothing written', async () => {
    const user = await fundedUser(1200)
    const ids = await planIds()
    await expect(
      purchasePlan(db, { userId: user.id, planId: ids.pro, now: at('2027-03-01T00:00:00Z') }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 300, balanceCents: 1200, requiredCents: 1500 },
    })

    const viaTrpc = await trpcError(
      await trpcMutation('dnsPlans.purchase', { planId: ids.pro }, { cookie: user.cookie }),
    )
    expect(viaTrpc).toMatchObject({
      status: 402,
      appCode: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 300 },
    })

    const viaRest = await restError(
      await invoke(purchaseRoute.action, '/api/dns-plans/purchase', {
        ...jsonBody({ planId: ids.pro }),
        cookie: user.cookie,
      }),
    )
    expect(viaRest).toMatchObject({
      status: 402,
      code: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 300 },
    })

    expect(await balanceOf(user.id)).toBe(1200)
    expect(await spendsOf(user.id)).toEqual([])
    expect(await subscriptionsOf(user.id)).toEqual([])
    expect(await notificationsOf(user.id)).toEqual([])
  })

  it('a user who never had credits gets 402 with the whole price as the shortfall', async () => {
    const user = await fundedUser(0)
    await expect(buy(user.id, 'basic', at('2027-03-01T00:00:00Z'))).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 500 },
    })
    expect(await ledgerOf(user.id)).toEqual([])
    expect(await subscriptionsOf(user.id)).toEqual([])
  })

  it('a second purchase while the plan is live is refused with 409 pointing at change', async () => {
    const user = await fundedUser(5000)
    const ids = await planIds()
    await buy(user.id, 'basic', at('2027-03-01T00:00:00Z'))
    await expect(
      purchasePlan(db, { userId: user.id, planId: ids.pro, now: at('2027-03-02T00:00:00Z') }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { use: 'dnsPlans.change' },
    })
    const viaTrpc = await trpcError(
      await trpcMutation('dnsPlans.purchase', { planId: ids.enterprise }, { cookie: user.cookie }),
    )
    expect(viaTrpc).toMatchObject({
      status: 409,
      appCode: 'CONFLICT',
      details: { use: 'dnsPlans.change' },
    })
    expect(viaTrpc.message).toMatch(/dnsPlans\.change/)
    const viaRest = await restError(
      await invoke(purchaseRoute.action, '/api/dns-plans/purchase', {
        ...jsonBody({ planId: ids.pro }),
        cookie: user.cookie,
      }),
    )
    expect(viaRest).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      details: { use: 'dnsPlans.change' },
    })

    expect(await balanceOf(user.id)).toBe(4500)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await subscriptionsOf(user.id)).toHaveLength(1)
  })

  it('an idempotencyKey replay returns the same subscription and charges once', async () => {
    const user = await fundedUser(2000)
    const input = {
      userId: user.id,
      planId: await planId('basic'),
      idempotencyKey: 'dns-buy-0001',
      now: at('2027-03-01T00:00:00Z'),
    }
    const first = await purchasePlan(db, input)
    const second = await purchasePlan(db, { ...input, now: at('2027-03-01T00:00:05Z') })
    expect(second.id).toBe(first.id)
    expect(second).toEqual(first)
    const overHttp = await trpcMutation(
      'dnsPlans.purchase',
      { planId: input.planId, idempotencyKey: input.idempotencyKey },
      { cookie: user.cookie },
    )
    expect(overHttp.status).toBe(200)
    expect(
      ((await overHttp.json()) as { result: { data: { json: { id: number } } } }).result.data.json
        .id,
    ).toBe(first.id)

    expect(await balanceOf(user.id)).toBe(1500)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await subscriptionsOf(user.id)).toHaveLength(1)
  })

  it('reusing an idempotencyKey for a different plan is a conflict, not a silent replay', async () => {
    const user = await fundedUser(5000)
    const ids = await planIds()
    const now = at('2027-03-01T00:00:00Z')
    await purchasePlan(db, {
      userId: user.id,
      planId: ids.basic,
      idempotencyKey: 'dns-buy-0002',
      now,
    })
    // The caller asks for Pro with the key it used for Basic: answering "here is your (Basic)
    // subscription" would tell it Pro was bought.
    await expect(
      purchasePlan(db, { userId: user.id, planId: ids.pro, idempotencyKey: 'dns-buy-0002', now }),
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(4500)
  })

  it('concurrent retries with one idempotencyKey write one purchase and all answer with it', async () => {
    const user = await fundedUser(5000)
    const input = {
      userId: user.id,
      planId: await planId('basic'),
      idempotencyKey: 'dns-buy-race-1',
      now: at('2027-03-01T00:00:00Z'),
    }
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => purchasePlan(pool.db, input)),
    )
    const ids = results.map((r) =>
      r.status === 'fulfilled' ? r.value.id : `rejected: ${String(r.reason)}`,
    )
    expect(new Set(ids).size).toBe(1)
    expect(typeof ids[0]).toBe('number')
    expect(await balanceOf(user.id)).toBe(4500)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await chargesOf(user.id)).toHaveLength(1)
  })
})

function causeMessages(error: unknown): string {
  const messages: string[] = []
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    messages.push(current.message)
    current = current.cause
  }
  return messages.join(' <- ')
}

describe('a failure after the debit leaves nothing behind (D5)', () => {
  async function withFailingInsert(table: string, userId: number, run: () => Promise<void>) {
    const fn = `test_fail_${table}_${userId}`
    // userId is an integer from our own insert, so inlining it is safe.
    const forUser =
      table === 'service_charges'
        ? `exists (select 1 from services s where s.id = new.service_id and s.user_id = ${userId})`
        : `new.user_id = ${userId}`
    // Only the schema's owner may add triggers; the app's role may not (ADR 017).
    const owner = createDatabase(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1 })
    await owner.db.execute(
      sql.raw(`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        if ${forUser} then
          raise exception 'injected failure after the debit';
        end if;
        return new;
      end $$`),
    )
    await owner.db.execute(
      sql.raw(
        `create trigger ${fn} before insert on ${table} for each row execute function ${fn}()`,
      ),
    )
    try {
      await run()
    } finally {
      await owner.db.execute(sql.raw(`drop trigger if exists ${fn} on ${table}`))
      await owner.db.execute(sql.raw(`drop function if exists ${fn}()`))
      await owner.sql.end()
    }
  }

  it.each(['services', 'service_charges'])(
    'when the insert into %s fails, the debit is rolled back with it',
    async (table) => {
      const user = await fundedUser(2000)
      const bystander = await fundedUser(2000)
      await withFailingInsert(table, user.id, async () => {
        const error: unknown = await buy(user.id, 'pro', at('2027-03-01T00:00:00Z')).catch(
          (e: unknown) => e,
        )
        // It failed where we injected it: after spendCredits, inside the same transaction.
        expect(causeMessages(error)).toContain('injected failure after the debit')
        // The trigger only hits this user: others buy normally meanwhile.
        await buy(bystander.id, 'pro', at('2027-03-01T00:00:00Z'))
      })
      expect(await balanceOf(user.id)).toBe(2000)
      expect(await spendsOf(user.id)).toEqual([])
      expect(await chargesOf(user.id)).toEqual([])
      expect(await subscriptionsOf(user.id)).toEqual([])
      expect(await notificationsOf(user.id)).toEqual([])
      expect(await balanceOf(bystander.id)).toBe(500)

      // After the failure is gone, the purchase works and charges once.
      await buy(user.id, 'pro', at('2027-03-01T00:00:00Z'))
      expect(await balanceOf(user.id)).toBe(500)
      expect(await spendsOf(user.id)).toHaveLength(1)
    },
  )
})

describe('concurrent purchases (D5)', () => {
  it('two at once with enough credits for both: one subscription, one charge, charged once; the other gets 409', async () => {
    const user = await fundedUser(10_000)
    const ids = await planIds()
    const now = at('2027-03-01T00:00:00Z')
    const results = await Promise.allSettled([
      purchasePlan(pool.db, { userId: user.id, planId: ids.pro, now }),
      purchasePlan(pool.db, { userId: user.id, planId: ids.pro, now }),
    ])
    const fulfilled = results.filter((r) => r.status === 'fulfilled')
    const rejected = results.filter((r) => r.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    const reason: unknown = rejected[0]!.reason
    expect(isAppError(reason) && reason.code).toBe('CONFLICT')
    expect(isAppError(reason) && reason.httpStatus).toBe(409)

    expect(await subscriptionsOf(user.id)).toHaveLength(1)
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(8500)
  })

  it('eight at once for different plans: still exactly one plan bought and paid for', async () => {
    const user = await fundedUser(100_000)
    const ids = await planIds()
    const now = at('2027-03-01T00:00:00Z')
    const choices = [
      ids.basic,
      ids.pro,
      ids.enterprise,
      ids.basic,
      ids.pro,
      ids.enterprise,
      ids.basic,
      ids.pro,
    ]
    const results = await Promise.allSettled(
      choices.map((id) => purchasePlan(pool.db, { userId: user.id, planId: id, now })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected') expect(isAppError(r.reason) && r.reason.code).toBe('CONFLICT')
    }
    const [sub] = await subscriptionsOf(user.id)
    const spends = await spendsOf(user.id)
    expect(spends).toHaveLength(1)
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(100_000 - sub!.pricePaidCents)
    expect(-spends[0]!.amountCents).toBe(sub!.pricePaidCents)
  })
})
