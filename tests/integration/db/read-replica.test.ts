import { randomUUID } from 'node:crypto'
import { desc, eq, sql } from 'drizzle-orm'
import type postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as reportCsvRoute from '#app/routes/admin.reports.$table[.]csv.ts'
import * as balanceRoute from '#app/routes/api.billing.balance.ts'
import * as historyCsvRoute from '#app/routes/api.billing.custom-credits.transactions[.]csv.ts'
import * as historyRoute from '#app/routes/api.billing.custom-credits.transactions.ts'
import * as dnsPurchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import { db, readDb } from '#db/client.ts'
import { openPostgres } from '#db/connection.ts'
import { pgErrorOf } from '#db/errors.ts'
import { creditTransactions, userCredits } from '#db/schema/index.ts'
import type { CreditTransactionsPage } from '#server/services/credits/list-credit-transactions.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import type { Reports } from '#server/services/reports/build-reports.ts'
import { planId } from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * DATABASE_READ_URL pointed at a replica that lags: a second database holding an earlier
 * snapshot of the primary (the customer's first ledger entry, not the second). What reads it
 * shows it — history, exports, reports — which proves they read the read URL; what decides
 * about money (balances, spending, captures) sees the primary's newer state, which proves it
 * never reads the replica. The replica's own role could write there; the read pool still
 * cannot.
 */
const replicaUrl = vi.hoisted(() => {
  // Before any application module reads the environment (the setup file set DATABASE_URL).
  const url = new URL(process.env.DATABASE_URL!)
  url.pathname = `${url.pathname}_replica`
  process.env.DATABASE_READ_URL = url.toString()
  return url.toString()
})
const replicaName = new URL(replicaUrl).pathname.slice(1)

let server: postgres.Sql
let replica: postgres.Sql
let admin: TestUser
let customer: TestUser

function adminAdd(userId: number, amount: string) {
  return invoke(adminCreditsRoute.action, `/api/admin/users/${userId}/custom-credits`, {
    ...jsonBody({ amount, reason: 'replica test', idempotencyKey: randomUUID() }),
    cookie: admin.cookie,
    params: { userId: String(userId) },
  })
}

/** Copies rows from the primary to the replica as they are (ids included), like replication. */
async function replicate(table: string, where: ReturnType<typeof sql>) {
  const [row] = await db.execute<{ rows: string }>(
    sql`select coalesce(json_agg(t), '[]')::text as rows from ${sql.identifier(table)} t where ${where}`,
  )
  await replica.unsafe(
    `insert into "${table}" overriding system value
     select * from json_populate_recordset(null::"${table}", $1::text::json)`,
    [row!.rows],
  )
}

const ids = (page: CreditTransactionsPage) => page.items.map((item) => item.id)

beforeAll(async () => {
  server = openPostgres(withDatabase(inject('databaseServerUrl'), 'postgres'), { max: 1 })
  await server.unsafe(`drop database if exists "${replicaName}" with (force)`)
  await server.unsafe(`create database "${replicaName}" template skypanel_test_template`)
  replica = openPostgres(replicaUrl, { max: 1 })

  admin = await createTestUser({ role: 'admin', name: 'Replica Admin' })
  customer = await createTestUser({ name: 'Replica Customer' })
  expect((await adminAdd(customer.id, '10.00')).status).toBe(200)
  // The replica's snapshot: both users, the wallet and the journal as they are now.
  const userIds = sql.join([sql`${admin.id}`, sql`${customer.id}`], sql`, `)
  await replicate('users', sql`id in (${userIds})`)
  await replicate('user_credits', sql`user_id = ${customer.id}`)
  await replicate('credit_transactions', sql`user_id = ${customer.id}`)
  // The primary moves on; the replica has not caught up.
  expect((await adminAdd(customer.id, '20.00')).status).toBe(200)
})

afterAll(async () => {
  await replica?.end()
  await server?.unsafe(`drop database if exists "${replicaName}" with (force)`)
  await server?.end()
})

describe('a lagging read replica (DATABASE_READ_URL = another database)', () => {
  it('history, exports and reports read the replica; balances read the primary', async () => {
    const journal = await db
      .select({ id: creditTransactions.id })
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, customer.id))
      .orderBy(desc(creditTransactions.id))
    expect(journal).toHaveLength(2)
    const replicated = [journal[1]!.id]

    const customerHistory = await trpcData<CreditTransactionsPage>(
      await trpcQuery('customCredits.transactions', {}, customer.cookie),
    )
    expect(ids(customerHistory)).toEqual(replicated)
    const rest = await invoke(historyRoute.loader, '/api/billing/custom-credits/transactions', {
      cookie: customer.cookie,
    })
    expect(ids((await rest.json()) as CreditTransactionsPage)).toEqual(replicated)
    const csv = await invoke(
      historyCsvRoute.loader,
      '/api/billing/custom-credits/transactions.csv',
      { cookie: customer.cookie },
    )
    expect((await csv.text()).trim().split('\n')).toHaveLength(2)

    const overview = await trpcData<{
      balance: { balance: { cents: number } }
      history: CreditTransactionsPage
    }>(await trpcQuery('admin.customCredits.get', { userId: customer.id }, admin.cookie))
    expect(ids(overview.history)).toEqual(replicated)
    expect(overview.balance.balance.cents).toBe(3000)
    const adminRest = await invoke(
      adminCreditsRoute.loader,
      `/api/admin/users/${customer.id}/custom-credits`,
      { cookie: admin.cookie, params: { userId: String(customer.id) } },
    )
    const adminBody = (await adminRest.json()) as {
      balance: { balance: { cents: number } }
      history: CreditTransactionsPage
    }
    expect(ids(adminBody.history)).toEqual(replicated)
    expect(adminBody.balance.balance.cents).toBe(3000)

    const balance = await invoke(balanceRoute.loader, '/api/billing/balance', {
      cookie: customer.cookie,
    })
    expect(
      ((await balance.json()) as { customCredits: { balance: { cents: number } } }).customCredits
        .balance.cents,
    ).toBe(3000)

    // The replica holds one wallet of 10.00; the primary holds more.
    const report = await trpcData<Reports>(await trpcQuery('admin.reports.get', {}, admin.cookie))
    expect(report.creditsOutstanding.totalCents).toBe(1000)
    const reportCsv = await invoke(
      reportCsvRoute.loader,
      '/admin/reports/subscriptions-by-plan.csv',
      {
        cookie: admin.cookie,
        params: { table: 'subscriptions-by-plan' },
      },
    )
    expect(reportCsv.status).toBe(200)
  })

  it('spending and captures decide on the primary; the read pool cannot write even where its role could', async () => {
    // 15.00 for Pro: the replica's 10.00 would refuse it, the primary's 30.00 pays it.
    const purchase = await invoke(dnsPurchaseRoute.action, '/api/dns-plans/purchase', {
      ...jsonBody({ planId: await planId('pro'), idempotencyKey: randomUUID() }),
      cookie: customer.cookie,
    })
    expect(purchase.status, await purchase.clone().text()).toBe(200)

    // A top-up the replica has never seen is captured and credited.
    const order = await trpcData<{ orderId: string }>(
      await trpcMutation(
        'customCredits.createOrder',
        { amount: '5.00' },
        { cookie: customer.cookie },
      ),
    )
    paypalFake.approve(order.orderId)
    const captured = await trpcData<{ status: string; balance: { cents: number } }>(
      await trpcMutation(
        'customCredits.captureOrder',
        { orderId: order.orderId },
        { cookie: customer.cookie },
      ),
    )
    expect(captured).toMatchObject({ status: 'completed', balance: { cents: 3000 - 1500 + 500 } })

    // The history still lags (one entry of four): what it shows is never a basis for money.
    const history = await trpcData<CreditTransactionsPage>(
      await trpcQuery('customCredits.transactions', {}, customer.cookie),
    )
    expect(history.items).toHaveLength(1)

    // The same role just wrote the snapshot into that database; through the read pool it cannot.
    let refused: string | undefined
    try {
      await readDb.insert(userCredits).values({ userId: admin.id })
    } catch (error) {
      refused = pgErrorOf(error)?.code
    }
    expect(refused).toBe('25006')

    const report = await verifyLedger(db)
    expect(report.problems).toEqual([])
    expect(report.orphans).toEqual([])
  })
})
