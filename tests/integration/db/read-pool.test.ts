import { randomUUID } from 'node:crypto'
import { count, desc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as reportCsvRoute from '#app/routes/admin.reports.$table[.]csv.ts'
import * as historyCsvRoute from '#app/routes/api.billing.custom-credits.transactions[.]csv.ts'
import * as historyRoute from '#app/routes/api.billing.custom-credits.transactions.ts'
import * as dnsPurchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import { db, readDb } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { creditTransactions, serviceCharges, topups } from '#db/schema/index.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import type { CreditTransactionsPage } from '#server/services/credits/list-credit-transactions.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { REPORT_TABLES } from '#server/services/reports/reports-csv.ts'
import type { Reports } from '#server/services/reports/build-reports.ts'
import { planId } from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * DATABASE_READ_URL pointed at the primary itself: the read pool opens read-only sessions
 * there, so reports, exports and history work through it, a write through it fails (even on
 * the primary), and every money flow still writes, because none of them goes through it.
 */
vi.hoisted(() => {
  // Before any application module reads the environment (the setup file set DATABASE_URL).
  process.env.DATABASE_READ_URL = process.env.DATABASE_URL
})

const READ_ONLY_TRANSACTION = '25006'
const DAY_MS = 24 * 60 * 60 * 1000

let admin: TestUser
let customer: TestUser

async function journalOf(userId: number) {
  return db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId))
    .orderBy(desc(creditTransactions.id))
}

function adminAdjust(userId: number, method: 'POST' | 'DELETE', amount: string) {
  return invoke(adminCreditsRoute.action, `/api/admin/users/${userId}/custom-credits`, {
    ...jsonBody({ amount, reason: 'read pool test', idempotencyKey: randomUUID() }, method),
    cookie: admin.cookie,
    params: { userId: String(userId) },
  })
}

async function sqlStateOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return pgErrorOf(error)?.code
  }
  throw new Error('expected the statement to fail')
}

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Read Pool Admin' })
  customer = await createTestUser({ name: 'Read Pool Customer' })
  for (const [method, amount] of [
    ['POST', '40.00'],
    ['DELETE', '2.50'],
    ['POST', '7.25'],
  ] as const) {
    expect((await adminAdjust(customer.id, method, amount)).status).toBe(200)
  }
  const bought = await invoke(dnsPurchaseRoute.action, '/api/dns-plans/purchase', {
    ...jsonBody({ planId: await planId('basic'), idempotencyKey: randomUUID() }),
    cookie: customer.cookie,
  })
  expect(bought.status, await bought.clone().text()).toBe(200)
})

describe('the read pool on the primary (DATABASE_READ_URL = DATABASE_URL)', () => {
  it('is a pool of its own whose sessions are read-only; the primary pool is not', async () => {
    expect(readDb).not.toBe(db)
    const setting = async (handle: typeof db) =>
      (
        await handle.execute<{ on: string }>(
          sql`select current_setting('default_transaction_read_only') as on`,
        )
      )[0]!.on
    expect(await setting(readDb)).toBe('on')
    expect(await setting(db)).toBe('off')
  })

  it('refuses every write sent through it (25006), the ledger writer included, and nothing changes', async () => {
    const before = await journalOf(customer.id)
    expect(
      await sqlStateOf(
        readDb.transaction((tx) =>
          postCreditEntry(tx, {
            userId: customer.id,
            type: 'admin_add',
            amountCents: 100,
            description: 'must not be written',
            adminUserId: admin.id,
            reason: 'through the read pool',
          }),
        ),
      ),
    ).toBe(READ_ONLY_TRANSACTION)
    expect(
      await sqlStateOf(
        adjustCreditsByAdmin(readDb, {
          userId: customer.id,
          amount: 100,
          reason: 'through the read pool',
          direction: 'add',
          admin: { id: admin.id, name: admin.name },
        }),
      ),
    ).toBe(READ_ONLY_TRANSACTION)
    expect(
      await sqlStateOf(
        readDb
          .insert(topups)
          .values({
            userId: customer.id,
            purpose: 'custom_credits',
            amountCents: 100,
            currency: 'USD',
          }),
      ),
    ).toBe(READ_ONLY_TRANSACTION)
    expect(await journalOf(customer.id)).toEqual(before)
  })

  it('serves history, exports and reports: the customer and admin history is the journal, entry for entry', async () => {
    const journal = await journalOf(customer.id)
    expect(journal.map((e) => e.type)).toEqual([
      'service_purchase',
      'admin_add',
      'admin_remove',
      'admin_add',
    ])
    const expected = journal.map((e) => ({
      id: e.id,
      type: e.type,
      amount: e.amountCents,
      before: e.balanceBeforeCents,
      after: e.balanceAfterCents,
    }))
    const shape = (page: CreditTransactionsPage) =>
      page.items.map((item) => ({
        id: item.id,
        type: item.type,
        amount: item.amount.cents,
        before: item.balanceBefore.cents,
        after: item.balanceAfter.cents,
      }))

    // Customer: tRPC (also what /billing renders) and REST.
    const viaTrpc = await trpcData<CreditTransactionsPage>(
      await trpcQuery('customCredits.transactions', { page: 1, limit: 10 }, customer.cookie),
    )
    expect(shape(viaTrpc)).toEqual(expected)
    expect(viaTrpc.pagination).toMatchObject({ totalCount: 4, totalIsExact: true })
    const viaRest = await invoke(historyRoute.loader, '/api/billing/custom-credits/transactions', {
      cookie: customer.cookie,
    })
    expect(viaRest.status).toBe(200)
    expect(shape((await viaRest.json()) as CreditTransactionsPage)).toEqual(expected)
    // Keyset paging through it: two pages of two, nothing lost or repeated.
    const first = await trpcData<CreditTransactionsPage>(
      await trpcQuery('customCredits.transactions', { limit: 2 }, customer.cookie),
    )
    const second = await trpcData<CreditTransactionsPage>(
      await trpcQuery(
        'customCredits.transactions',
        { limit: 2, cursor: first.nextCursor },
        customer.cookie,
      ),
    )
    expect([...shape(first), ...shape(second)]).toEqual(expected)
    expect(second.nextCursor).toBeNull()

    // Admin: the overview's history (tRPC and REST), its balance from the primary.
    const overview = await trpcData<{
      balance: { balance: { cents: number } }
      history: CreditTransactionsPage
    }>(await trpcQuery('admin.customCredits.get', { userId: customer.id }, admin.cookie))
    expect(shape(overview.history)).toEqual(expected)
    expect(overview.balance.balance.cents).toBe(journal[0]!.balanceAfterCents)
    const adminRest = await invoke(
      adminCreditsRoute.loader,
      `/api/admin/users/${customer.id}/custom-credits`,
      { cookie: admin.cookie, params: { userId: String(customer.id) } },
    )
    expect(adminRest.status).toBe(200)
    expect(
      shape(((await adminRest.json()) as { history: CreditTransactionsPage }).history),
    ).toEqual(expected)
    expect(
      (await trpcQuery('admin.virtfusion.get', { userId: customer.id }, admin.cookie)).status,
    ).toBe(200)
    expect((await trpcQuery('billing.tokens.transactions', {}, customer.cookie)).status).toBe(200)

    // The CSV export: every entry, newest first, money as decimal text.
    const csv = await invoke(
      historyCsvRoute.loader,
      '/api/billing/custom-credits/transactions.csv',
      {
        cookie: customer.cookie,
      },
    )
    expect(csv.status).toBe(200)
    const lines = (await csv.text()).trim().split('\n')
    expect(lines).toHaveLength(journal.length + 1)
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual(
      journal.map((e) => [String(e.id), e.createdAt.toISOString(), e.type]),
    )
    expect(lines[1]).toContain(centsToDecimal(journal[0]!.amountCents))

    // Reports (the page's procedure) and every report CSV.
    const report = await trpcData<Reports>(await trpcQuery('admin.reports.get', {}, admin.cookie))
    const today = new Date().toISOString().slice(0, 10)
    const [charge] = await db.select({ n: count() }).from(serviceCharges)
    expect(charge!.n).toBeGreaterThan(0)
    expect(report.creditsSpentPerDay.find((d) => d.day === today)?.amountCents).toBe(500)
    for (const table of REPORT_TABLES) {
      const response = await invoke(reportCsvRoute.loader, `/admin/reports/${table}.csv`, {
        cookie: admin.cookie,
        params: { table },
      })
      expect(response.status, table).toBe(200)
      expect(response.headers.get('Content-Type')).toContain('text/csv')
    }
  })

  it('every money flow still commits through the primary while the read pool is read-only', async () => {
    const buyer = await createTestUser({ name: 'Read Pool Buyer' })
    // A credit top-up: order, approval at the simulated PayPal, capture.
    const order = await trpcData<{ orderId: string }>(
      await trpcMutation(
        'customCredits.createOrder',
        { amount: '30.00' },
        { cookie: buyer.cookie },
      ),
    )
    paypalFake.approve(order.orderId)
    const captured = await trpcData<{ status: string }>(
      await trpcMutation(
        'customCredits.captureOrder',
        { orderId: order.orderId },
        { cookie: buyer.cookie },
      ),
    )
    expect(captured.status).toBe('completed')
    // A token top-up, captured (the job queue delivers it; not run in this file).
    const tokenOrder = await trpcData<{ orderId: string }>(
      await trpcMutation(
        'billing.tokens.createOrder',
        { amount: '5.00' },
        { cookie: buyer.cookie },
      ),
    )
    paypalFake.approve(tokenOrder.orderId)
    const tokens = await trpcData<{ status: string }>(
      await trpcMutation(
        'billing.tokens.captureOrder',
        { orderId: tokenOrder.orderId },
        { cookie: buyer.cookie },
      ),
    )
    expect(tokens.status).toBe('captured')
    // Admin adjustments, a DNS purchase and its renewal a month later.
    expect((await adminAdjust(buyer.id, 'POST', '20.00')).status).toBe(200)
    expect((await adminAdjust(buyer.id, 'DELETE', '1.00')).status).toBe(200)
    const purchase = await invoke(dnsPurchaseRoute.action, '/api/dns-plans/purchase', {
      ...jsonBody({ planId: await planId('pro'), idempotencyKey: randomUUID() }),
      cookie: buyer.cookie,
    })
    expect(purchase.status, await purchase.clone().text()).toBe(200)
    const renewals = await runRenewals(db, { now: new Date(Date.now() + 40 * DAY_MS) })
    expect(renewals.renewed).toBeGreaterThanOrEqual(1)

    const journal = await journalOf(buyer.id)
    expect(journal.map((e) => e.type).reverse()).toEqual([
      'purchase',
      'admin_add',
      'admin_remove',
      'service_purchase',
      'service_renewal',
    ])
    expect(journal[0]!.balanceAfterCents).toBe(3000 + 2000 - 100 - 1500 - 1500)
    const report = await verifyLedger(db)
    expect(report.problems).toEqual([])
    expect(report.orphans).toEqual([])
  })
})
