import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as balanceRoute from '#app/routes/api.billing.balance.ts'
import * as creditsAddRoute from '#app/routes/api.billing.custom-credits.add.ts'
import * as creditsOrdersRoute from '#app/routes/api.billing.custom-credits.orders.ts'
import * as tokensAddRoute from '#app/routes/api.billing.virtfusion-tokens.add.ts'
import * as tokensOrdersRoute from '#app/routes/api.billing.virtfusion-tokens.orders.ts'
import * as dnsPurchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { creditTransactions, serviceCharges, services, topups } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue, type JobQueue } from '#server/jobs/queue.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { fund, planId } from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * Issue #11: behind PgBouncer in transaction mode, requests were answered 2xx ("completed",
 * "captured", the admin's entry) for writes PostgreSQL never kept, and some never answered.
 * This runs the same kind of mixed load through PgBouncer (pool 3, the app's pool of 10 and
 * pg-boss's 4 sharing it) and then checks every acknowledged write on PostgreSQL directly.
 */

// What the app reaches through PgBouncer; the checks below bypass it.
const direct = createDatabase(process.env.DIRECT_DATABASE_URL!, { max: 2 })
const CONCURRENCY = 32
const REQUEST_DEADLINE_MS = 30_000
const PAID = ['captured', 'delivering', 'completed', 'review'] as const

type Outcome = { kind: string; status: number | 'hung' | 'threw'; body: unknown }

function withinDeadline(request: Promise<Response>): Promise<Response | 'hung'> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    request.finally(() => clearTimeout(timer)),
    new Promise<'hung'>(
      (resolve) => (timer = setTimeout(() => resolve('hung'), REQUEST_DEADLINE_MS)),
    ),
  ])
}

async function call(kind: string, request: () => Promise<Response>): Promise<Outcome> {
  try {
    const response = await withinDeadline(request())
    if (response === 'hung') return { kind, status: 'hung', body: null }
    return { kind, status: response.status, body: await response.json() }
  } catch (error) {
    return { kind, status: 'threw', body: String(error) }
  }
}

async function runWithConcurrency<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const index = next++
        results[index] = await tasks[index]!()
      }
    }),
  )
  return results
}

/** A buyer's full checkout: create the order, approve it at the fake PayPal, capture it. */
async function checkout(
  buyer: TestUser,
  ip: string,
  purpose: 'credits' | 'tokens',
  amount: string,
): Promise<Outcome[]> {
  const routes =
    purpose === 'credits'
      ? { orders: creditsOrdersRoute, add: creditsAddRoute, path: 'custom-credits' }
      : { orders: tokensOrdersRoute, add: tokensAddRoute, path: 'virtfusion-tokens' }
  const created = await call(`${purpose} order`, () =>
    invoke(routes.orders.action, `/api/billing/${routes.path}/orders`, {
      ...jsonBody({ amount }),
      cookie: buyer.cookie,
      ip,
    }),
  )
  if (created.status !== 200) return [created]
  const { orderId } = created.body as { orderId: string }
  paypalFake.approve(orderId)
  const captured = await call(`${purpose} capture`, () =>
    invoke(routes.add.action, `/api/billing/${routes.path}/add`, {
      ...jsonBody({ orderId }),
      cookie: buyer.cookie,
      ip,
    }),
  )
  return [created, captured]
}

let jobs: JobQueue
beforeAll(async () => {
  expect(env.DATABASE_PREPARE).toBe(false)
  expect(new URL(process.env.DATABASE_URL!).port).not.toBe(
    new URL(process.env.DIRECT_DATABASE_URL!).port,
  )
  paypalFake.reset()
  virtfusionFake.reset()
  // The jobs run beside the requests, through PgBouncer too (pg-boss's own `pg` pool).
  jobs = await startJobQueue({
    databaseUrl: process.env.DATABASE_URL!,
    db,
    providers: getProviders(),
  })
})
afterAll(async () => {
  await jobs?.stop()
  await direct.sql.end()
})

describe('money through PgBouncer in transaction mode (DATABASE_PREPARE=false)', () => {
  it('stores every acknowledged write of a concurrent mixed load and never leaves a request hanging', async () => {
    const admin = await createTestUser({ role: 'admin', name: 'Bouncer Admin' })
    const { token } = await createApiToken(db, { user: admin, name: 'load', scope: 'admin' })
    const buyers = await Promise.all(Array.from({ length: 40 }, () => createTestUser()))
    const dnsBuyers = await Promise.all(Array.from({ length: 20 }, () => createTestUser()))
    for (const buyer of dnsBuyers) await fund(buyer.id, 2_000)
    const basic = await planId('basic')

    const tasks: (() => Promise<Outcome[]>)[] = []
    buyers.forEach((buyer, i) => {
      const ip = `10.11.${Math.floor(i / 200)}.${(i % 200) + 1}`
      tasks.push(() => checkout(buyer, ip, 'credits', `${(i % 9) + 1}.25`))
      tasks.push(() => checkout(buyer, ip, 'tokens', `${(i % 7) + 1}.00`))
    })
    for (let i = 0; i < 80; i++) {
      const buyer = buyers[i % buyers.length]!
      tasks.push(async () => [
        await call('admin add', () =>
          invoke(adminCreditsRoute.action, `/api/admin/users/${buyer.id}/custom-credits`, {
            ...jsonBody({
              amount: `${(i % 5) + 1}.10`,
              reason: `load ${i}`,
              idempotencyKey: randomUUID(),
            }),
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            params: { userId: String(buyer.id) },
          }),
        ),
      ])
    }
    for (const buyer of dnsBuyers) {
      tasks.push(async () => [
        await call('dns purchase', () =>
          invoke(dnsPurchaseRoute.action, '/api/dns-plans/purchase', {
            ...jsonBody({ planId: basic, idempotencyKey: randomUUID() }),
            cookie: buyer.cookie,
          }),
        ),
      ])
    }
    for (let i = 0; i < 80; i++) {
      const reader = i % 2 === 0 ? buyers[i % buyers.length]! : dnsBuyers[i % dnsBuyers.length]!
      tasks.push(async () => [
        await call('balance', () =>
          invoke(balanceRoute.loader, '/api/billing/balance', { cookie: reader.cookie }),
        ),
      ])
    }
    // A fixed interleaving of the kinds (not random: a failure must be repeatable).
    const interleaved = tasks.map((task, i) => ({ task, key: (i * 7919) % tasks.length }))
    interleaved.sort((a, b) => a.key - b.key)

    const outcomes = (
      await runWithConcurrency(
        interleaved.map((t) => t.task),
        CONCURRENCY,
      )
    ).flat()
    expect(outcomes.length).toBeGreaterThan(300)

    // Every request answered, and answered with success.
    const unanswered = outcomes.filter((o) => o.status === 'hung' || o.status === 'threw')
    const refused = outcomes.filter((o) => typeof o.status === 'number' && o.status !== 200)
    const acknowledged = (kind: string) =>
      outcomes
        .filter((o) => o.kind === kind && o.status === 200)
        .map((o) => (o.body ?? {}) as Record<string, unknown>)
    const ids = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number')

    // Admin adds: each acknowledged entry is in the journal.
    const adminAdds = acknowledged('admin add')
    const adminEntries = ids(adminAdds.map((b) => (b.entry as { id?: unknown } | undefined)?.id))
    const storedAdmin = await direct.db
      .select({ id: creditTransactions.id })
      .from(creditTransactions)
      .where(inArray(creditTransactions.id, [0, ...adminEntries]))

    // Credit top-ups answered "completed": completed, with the capture and its journal entry.
    const creditCaptures = acknowledged('credits capture')
    const creditTopups = await direct.db
      .select()
      .from(topups)
      .where(inArray(topups.id, [0, ...ids(creditCaptures.map((b) => b.topupId))]))
    const creditPurchases = await direct.db
      .select({ reference: creditTransactions.paymentReference })
      .from(creditTransactions)
      .where(
        and(
          eq(creditTransactions.type, 'purchase'),
          inArray(creditTransactions.paymentReference, [
            '',
            ...creditTopups.flatMap((t) => t.paypalCaptureId ?? []),
          ]),
        ),
      )

    // Token top-ups answered "captured": stored as paid, with the capture id.
    const tokenCaptures = acknowledged('tokens capture')
    const tokenTopups = await direct.db
      .select()
      .from(topups)
      .where(inArray(topups.id, [0, ...ids(tokenCaptures.map((b) => b.topupId))]))

    // DNS purchases: each acknowledged subscription exists, live, with its charge.
    const dnsPurchases = acknowledged('dns purchase')
    const subscriptionIds = ids(dnsPurchases.map((b) => b.id))
    const charges = await direct.db
      .select({ id: serviceCharges.id })
      .from(serviceCharges)
      .innerJoin(services, eq(services.id, serviceCharges.serviceId))
      .where(and(inArray(services.id, [0, ...subscriptionIds]), eq(services.status, 'active')))

    const stuck = await direct.db
      .select({ id: topups.id })
      .from(topups)
      .where(eq(topups.status, 'capturing'))
    const ledger = await verifyLedger(direct.db)

    // One comparison, so a failure shows every kind of loss at once.
    expect({
      unanswered: unanswered.length,
      refused: refused.map((o) => ({ kind: o.kind, status: o.status, body: o.body })),
      adminAdds: { acknowledged: adminAdds.length, stored: storedAdmin.length },
      creditTopups: {
        acknowledged: creditCaptures.filter((b) => b.status === 'completed').length,
        stored: creditTopups.filter((t) => t.status === 'completed' && t.paypalCaptureId).length,
        credited: creditPurchases.length,
      },
      tokenTopups: {
        acknowledged: tokenCaptures.filter((b) => b.status === 'captured').length,
        stored: tokenTopups.filter((t) => PAID.includes(t.status as never) && t.paypalCaptureId)
          .length,
      },
      dnsPurchases: { acknowledged: dnsPurchases.length, stored: charges.length },
      leftCapturing: stuck.length,
      ledgerProblems: ledger.problems,
    }).toEqual({
      unanswered: 0,
      refused: [],
      adminAdds: { acknowledged: 80, stored: 80 },
      creditTopups: { acknowledged: 40, stored: 40, credited: 40 },
      tokenTopups: { acknowledged: 40, stored: 40 },
      dnsPurchases: { acknowledged: 20, stored: 20 },
      leftCapturing: 0,
      ledgerProblems: [],
    })

    // The job queue, also through PgBouncer, delivers every captured token top-up.
    const deadline = Date.now() + 90_000
    let undelivered = tokenTopups.length
    while (Date.now() < deadline) {
      const rows = await direct.db
        .select({ status: topups.status })
        .from(topups)
        .where(
          inArray(
            topups.id,
            tokenTopups.map((t) => t.id),
          ),
        )
      undelivered = rows.filter((r) => r.status !== 'completed').length
      if (undelivered === 0) break
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    expect(undelivered).toBe(0)
  })
})
