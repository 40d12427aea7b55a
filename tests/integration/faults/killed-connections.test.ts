import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as purchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { creditTransactions, serviceCharges, services, userCredits } from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import { asAppError } from '#server/http/respond.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { planId } from '#tests/helpers/dns.ts'
import {
  callRoute,
  rawTrpcMutation,
  restCode,
  trpcAppCode,
  type RawResult,
} from '#tests/helpers/hostile.ts'
import { seededRandom } from '#tests/helpers/random.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * PostgreSQL connections killed (pg_terminate_backend) in the middle of transactions while
 * admin adjustments and spends race on a few users. Whatever was killed must roll back
 * whole: the ledger verifies, every success has exactly its entry, every failure left
 * nothing, and the failure is a retryable SERVICE_UNAVAILABLE (503), never a 500.
 */

const SEED = Number(process.env.FAULT_SEED ?? 20261124)
const LOAD_APP = 'fault-load'
const KILLER_APP = 'fault-killer'
const CHECKER_APP = 'fault-checker'
/** Longer than any healthy operation here by far: what has not settled by then hangs. */
const HANG_MS = 10_000

function withAppName(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('application_name', name)
  return parsed.toString()
}

// The service load runs on its own pool, named so the killer can find its backends.
const pool = createDatabase(withAppName(process.env.DATABASE_URL!, LOAD_APP), { max: 20 })
const killer = postgres(withAppName(process.env.DATABASE_URL!, KILLER_APP), {
  max: 1,
  onnotice: () => {},
})
// Verification reads go through a pool the killer never touches.
const checker = createDatabase(withAppName(process.env.DATABASE_URL!, CHECKER_APP), { max: 2 })
afterAll(async () => {
  await pool.sql.end({ timeout: 5 })
  await killer.end({ timeout: 5 })
  await checker.sql.end({ timeout: 5 })
})

/** Terminates backends of this database (all but the killer's own), returns how many. */
async function terminate(filter: 'load' | 'all-others'): Promise<number> {
  const rows =
    filter === 'load'
      ? await killer`
          select pg_terminate_backend(pid) as killed from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and application_name = ${LOAD_APP}`
      : await killer`
          select pg_terminate_backend(pid) as killed from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and application_name not in (${KILLER_APP}, ${CHECKER_APP})
             and backend_type = 'client backend'`
  return rows.filter((r) => r.killed === true).length
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Kills every `interval` ms while `busy()` holds, at most `rounds` times. */
async function killWhile(
  busy: () => boolean,
  filter: 'load' | 'all-others',
  rounds: number,
  interval: number,
): Promise<{ rounds: number; killed: number }> {
  let done = 0
  let killed = 0
  await sleep(interval)
  while (busy() && done < rounds) {
    killed += await terminate(filter)
    done++
    await sleep(interval)
  }
  return { rounds: done, killed }
}

type Settled<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: unknown }
  | { status: 'hung' }

/** The outcome of `promise`, or 'hung' when it has not settled within HANG_MS. */
async function settleWithin<T>(promise: Promise<T>): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hung' }), HANG_MS)
  })
  try {
    return await Promise.race([
      promise.then(
        (value): Settled<T> => ({ status: 'fulfilled', value }),
        (reason: unknown): Settled<T> => ({ status: 'rejected', reason }),
      ),
      hung,
    ])
  } finally {
    clearTimeout(timer)
  }
}

async function entriesWithKey(key: string) {
  return checker.db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.idempotencyKey, key))
}

async function journalMatchesBalance(userId: number) {
  const [row] = await checker.db.execute<{ balance: string | null; journal: string | null }>(sql`
    select (select balance_cents from ${userCredits} where user_id = ${userId})::text as balance,
           (select coalesce(sum(amount_cents), 0) from ${creditTransactions} where user_id = ${userId})::text as journal`)
  expect(row?.balance ?? '0', `user ${userId}`).toBe(row?.journal ?? '0')
}

let admin: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Fault Admin' })
})

describe('connections killed mid-transaction under load', () => {
  it(`services: adjustments and spends on 4 users while backends are terminated (seed ${SEED})`, async () => {
    const random = seededRandom(SEED)
    const people = await Promise.all(
      [1, 2, 3, 4].map((n) => createTestUser({ name: `Fault User ${n}` })),
    )
    const actor = { id: admin.id, name: admin.name }
    for (const person of people) {
      await adjustCreditsByAdmin(pool.db, {
        userId: person.id,
        amount: 20_000,
        reason: 'opening balance',
        direction: 'add',
        admin: actor,
      })
    }

    type Op = { key: string; userId: number; kind: 'add' | 'remove' | 'spend'; cents: number }
    const ops: Op[] = Array.from({ length: 320 }, (_, i) => ({
      key: `fault-${SEED}-${i}`,
      userId: random.pick(people).id,
      kind: random.pick(['add', 'remove', 'spend', 'spend'] as const),
      cents: random.int(1, 3000),
    }))

    const run = async (op: Op) => {
      if (op.kind === 'spend') {
        return pool.db.transaction(async (tx) => {
          const entry = await spendCredits(tx, {
            userId: op.userId,
            type: 'service_purchase',
            amountCents: op.cents,
            description: `fault spend ${op.key}`,
            idempotencyKey: op.key,
          })
          // The thing bought is written after the charge: widen the window in which a
          // kill lands between the charge and the commit.
          await tx.execute(sql`select pg_sleep(0.004)`)
          return entry
        })
      }
      return adjustCreditsByAdmin(pool.db, {
        userId: op.userId,
        amount: op.cents,
        reason: `fault ${op.kind}`,
        direction: op.kind,
        idempotencyKey: op.key,
        admin: actor,
      })
    }

    let pending = ops.length
    const settled = Promise.all(
      ops.map(async (op, i) => {
        await sleep(Math.floor(i / 20) * 6)
        try {
          return await settleWithin(run(op))
        } finally {
          pending--
        }
      }),
    )
    const kills = await killWhile(() => pending > 0, 'load', 6, 25)
    const outcomes = await settled

    expect(kills.killed, 'the killer never found a backend to kill').toBeGreaterThan(0)
    // A killed connection must end its caller's operation with an error, not leave it waiting.
    const hung = ops.filter((_, i) => outcomes[i]!.status === 'hung').map((op) => op.key)
    // Soft: the checks below still run and report on everything that did settle.
    expect
      .soft(hung, `operations still pending ${HANG_MS} ms after their connection was killed`)
      .toEqual([])
    const unexpected: string[] = []
    let unavailable = 0
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status !== 'rejected') continue
      const error: unknown = outcome.reason
      if (isAppError(error) && error.code === 'INSUFFICIENT_CREDITS' && ops[i]!.kind === 'spend')
        continue
      if (isDatabaseUnavailable(error)) {
        unavailable++
        // What any adapter would answer: a retryable 503, never the 500 of an unknown error.
        const appError = asAppError(error)
        expect(appError.code).toBe('SERVICE_UNAVAILABLE')
        expect(appError.httpStatus).toBe(503)
        continue
      }
      unexpected.push(`${ops[i]!.key} ${ops[i]!.kind}: ${String(error)}`)
    }
    expect(unexpected).toEqual([])
    expect(unavailable, 'no operation was hit by a kill').toBeGreaterThan(0)

    // Every success has exactly its entry. A failure left nothing, except when the
    // connection died around the COMMIT: then the outcome is unknown to the client (true of
    // any database client), the write may have landed, and the only promise is "at most
    // once": a retry with the same idempotency key returns that entry and adds nothing.
    const unknownOutcome: Op[] = []
    for (const [i, outcome] of outcomes.entries()) {
      const op = ops[i]!
      if (outcome.status === 'hung') continue
      const entries = await entriesWithKey(op.key)
      if (outcome.status === 'fulfilled') {
        expect(entries, `${op.key} succeeded`).toHaveLength(1)
        const signed = op.kind === 'add' ? op.cents : -op.cents
        expect(entries[0]!.amountCents).toBe(signed)
        expect(entries[0]!.userId).toBe(op.userId)
      } else {
        expect(
          entries.length,
          `${op.key} failed (${String(outcome.reason)}) with ${entries.length} entries`,
        ).toBeLessThanOrEqual(1)
        if (entries.length === 1) {
          expect(
            isDatabaseUnavailable(outcome.reason),
            `${op.key}: only a lost connection may hide a write`,
          ).toBe(true)
          unknownOutcome.push(op)
        }
      }
    }
    for (const op of unknownOutcome.filter((op) => op.kind !== 'spend')) {
      expect((await settleWithin(run(op))).status, `${op.key} retried`).toBe('fulfilled')
      expect(await entriesWithKey(op.key), `${op.key} after its retry`).toHaveLength(1)
    }
    for (const person of people) await journalMatchesBalance(person.id)
    expect((await verifyLedger(checker.db)).problems).toEqual([])

    // The pool recovered by itself: a retry of a killed adjustment succeeds exactly once.
    const killed = ops.find((op, i) => op.kind !== 'spend' && outcomes[i]!.status === 'rejected')
    if (killed) {
      expect((await settleWithin(run(killed))).status).toBe('fulfilled')
      expect((await settleWithin(run(killed))).status).toBe('fulfilled')
      expect(await entriesWithKey(killed.key)).toHaveLength(1)
    }
  }, 60_000)

  it('DNS purchases (charge + subscription + charge record in one transaction) under kills: all or nothing per buyer', async () => {
    const basic = await planId('basic')
    const buyers = await Promise.all(
      Array.from({ length: 60 }, (_, n) => createTestUser({ name: `Kill Buyer ${n}` })),
    )
    const actor = { id: admin.id, name: admin.name }
    for (const buyer of buyers) {
      await adjustCreditsByAdmin(pool.db, {
        userId: buyer.id,
        amount: 5000,
        reason: 'for a plan',
        direction: 'add',
        admin: actor,
      })
    }
    let pending = buyers.length
    const settled = Promise.all(
      buyers.map(async (buyer, i) => {
        await sleep(Math.floor(i / 10) * 10)
        try {
          return await settleWithin(
            purchasePlan(pool.db, {
              userId: buyer.id,
              planId: basic,
              idempotencyKey: `kill-buy-${buyer.id}`,
            }),
          )
        } finally {
          pending--
        }
      }),
    )
    const kills = await killWhile(() => pending > 0, 'load', 10, 10)
    const outcomes = await settled
    expect(kills.killed).toBeGreaterThan(0)

    const partial: string[] = []
    const wrongAnswer: string[] = []
    for (const [i, buyer] of buyers.entries()) {
      const [row] = await checker.db.execute<{ spends: number; subs: number; charges: number }>(sql`
        select (select count(*) from ${creditTransactions} where user_id = ${buyer.id} and type = 'service_purchase')::int as spends,
               (select count(*) from ${services} where user_id = ${buyer.id})::int as subs,
               (select count(*) from ${serviceCharges} c join ${services} s on s.id = c.service_id where s.user_id = ${buyer.id})::int as charges`)
      const { spends, subs, charges } = row!
      if (!(spends === subs && subs === charges))
        partial.push(
          `buyer ${buyer.id}: ${spends} charge(s), ${subs} subscription(s), ${charges} charge record(s)`,
        )
      const outcome = outcomes[i]!
      if (outcome.status === 'fulfilled' && spends !== 1)
        wrongAnswer.push(`buyer ${buyer.id}: told success, ${spends} charge(s)`)
      if (outcome.status === 'rejected' && spends !== 0)
        wrongAnswer.push(
          `buyer ${buyer.id}: told ${String(outcome.reason)} (a retryable 503 "nothing was changed"), yet charged ${spends}x with ${subs} subscription(s)`,
        )
    }
    expect.soft(partial, 'a purchase committed only in part').toEqual([])
    expect.soft(wrongAnswer, 'the answer contradicts what was committed').toEqual([])
    expect
      .soft(outcomes.filter((o) => o.status === 'hung').length, 'purchases that never settled')
      .toBe(0)
    expect((await verifyLedger(checker.db)).problems).toEqual([])
  }, 60_000)
})

// ---------------------------------------------------------------------------------------

/**
 * Holds the user's wallet row lock, starts the request, waits until its backend queues
 * behind the lock (so it is inside its transaction), terminates that backend, releases.
 */
async function killInsideTransaction(
  userId: number,
  request: () => Promise<RawResult>,
): Promise<{ result: RawResult; killed: number }> {
  const locker = postgres(withAppName(process.env.DATABASE_URL!, KILLER_APP), {
    max: 1,
    onnotice: () => {},
  })
  try {
    let response!: Promise<RawResult>
    let killed = 0
    await locker.begin(async (tx) => {
      await tx`select 1 from user_credits where user_id = ${userId} for update`
      response = request()
      const deadline = Date.now() + 10_000
      while (killed === 0 && Date.now() < deadline) {
        // Polled from the killer's own autocommit connection: inside the locker's
        // transaction pg_stat_activity would stay the snapshot of its first read.
        const waiting = await killer`
          select pid from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and wait_event_type = 'Lock' and state = 'active'`
        for (const row of waiting) {
          const [done] = await killer`select pg_terminate_backend(${row.pid as number}) as ok`
          if (done?.ok) killed++
        }
        if (killed === 0) await sleep(10)
      }
    })
    return { result: await response, killed }
  } finally {
    await locker.end({ timeout: 5 })
  }
}

function expectUnavailable(result: RawResult, via: 'rest' | 'trpc') {
  expect(result.status, result.text).toBe(503)
  const body = JSON.parse(result.text) as unknown
  expect(body).toBeTypeOf('object')
  if (via === 'rest') {
    expect(restCode(result)).toBe('SERVICE_UNAVAILABLE')
    expect((body as { error: { message: string } }).error.message).toMatch(/retry/i)
  } else {
    expect(trpcAppCode(result)).toBe('SERVICE_UNAVAILABLE')
  }
  expect(result.text).not.toMatch(/terminat|pg_|select|update|insert/i)
}

describe('a killed connection seen through the HTTP layer', () => {
  let user: TestUser

  beforeAll(async () => {
    user = await createTestUser({ name: 'HTTP Fault User' })
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 10_000,
      reason: 'opening balance',
      direction: 'add',
      admin,
    })
  })

  const adjust = (method: 'POST' | 'DELETE', key: string) => () =>
    callRoute(adminCreditsRoute.action, `/api/admin/users/${user.id}/custom-credits`, {
      method,
      body: JSON.stringify({
        amount: '2.50',
        reason: 'killed mid-transaction',
        idempotencyKey: key,
      }),
      headers: { 'Content-Type': 'application/json' },
      params: { userId: String(user.id) },
      cookie: admin.cookie,
    })

  it.each(['POST', 'DELETE'] as const)(
    'REST %s /api/admin/users/:id/custom-credits killed inside its transaction: 503 JSON error, nothing posted; the retry posts once',
    async (method) => {
      const key = `http-kill-${method}-${randomUUID()}`
      const { result, killed } = await killInsideTransaction(user.id, adjust(method, key))
      expect(killed).toBe(1)
      expectUnavailable(result, 'rest')
      expect(await entriesWithKey(key)).toEqual([])

      const retry = await adjust(method, key)()
      expect(retry.status, retry.text).toBe(200)
      expect(await entriesWithKey(key)).toHaveLength(1)
      await journalMatchesBalance(user.id)
    },
  )

  it('tRPC admin.customCredits.add killed inside its transaction: 503 SERVICE_UNAVAILABLE, nothing posted', async () => {
    const key = `trpc-kill-${randomUUID()}`
    const body = JSON.stringify({
      json: { userId: user.id, amount: '1.25', reason: 'killed over tRPC', idempotencyKey: key },
    })
    const call = () =>
      rawTrpcMutation(
        'admin.customCredits.add',
        body,
        { 'Content-Type': 'application/json' },
        admin.cookie,
      )
    const { result, killed } = await killInsideTransaction(user.id, call)
    expect(killed).toBe(1)
    expectUnavailable(result, 'trpc')
    expect(await entriesWithKey(key)).toEqual([])
    expect((await call()).status).toBe(200)
    expect(await entriesWithKey(key)).toHaveLength(1)
  })

  it('REST POST /api/dns-plans/purchase (a spend) killed inside its transaction: 503, no charge, no subscription; the retry buys once', async () => {
    const buyer = await createTestUser({ name: 'Killed Buyer' })
    await adjustCreditsByAdmin(db, {
      userId: buyer.id,
      amount: 10_000,
      reason: 'for a plan',
      direction: 'add',
      admin,
    })
    const key = `purchase-kill-${randomUUID()}`
    const basic = await planId('basic')
    const buy = () =>
      callRoute(purchaseRoute.action, '/api/dns-plans/purchase', {
        method: 'POST',
        body: JSON.stringify({ planId: basic, idempotencyKey: key }),
        headers: { 'Content-Type': 'application/json' },
        cookie: buyer.cookie,
      })
    const { result, killed } = await killInsideTransaction(buyer.id, buy)
    expect(killed).toBe(1)
    expectUnavailable(result, 'rest')
    expect(await entriesWithKey(key)).toEqual([])
    const subscriptions = () => db.select().from(services).where(eq(services.userId, buyer.id))
    expect(await subscriptions()).toEqual([])

    const retry = await buy()
    expect(retry.status, retry.text).toBe(200)
    expect(await entriesWithKey(key)).toHaveLength(1)
    expect(await subscriptions()).toHaveLength(1)
    await journalMatchesBalance(buyer.id)
  })

  it('HTTP load (REST and tRPC adjustments) while every other backend of the database is terminated: every request answers 200 or 503 (none hangs), entries match answers', async () => {
    const random = seededRandom(SEED + 1)
    const people = await Promise.all(
      [1, 2, 3].map((n) => createTestUser({ name: `HTTP Load ${n}` })),
    )
    type Call = { key: string; userId: number; via: 'rest' | 'trpc'; direction: 'add' | 'remove' }
    const calls: Call[] = Array.from({ length: 150 }, (_, i) => ({
      key: `http-load-${SEED}-${i}`,
      userId: random.pick(people).id,
      via: random.pick(['rest', 'trpc'] as const),
      direction: random.pick(['add', 'remove'] as const),
    }))
    const send = (c: Call) =>
      c.via === 'rest'
        ? callRoute(adminCreditsRoute.action, `/api/admin/users/${c.userId}/custom-credits`, {
            method: c.direction === 'add' ? 'POST' : 'DELETE',
            body: JSON.stringify({ amount: '0.75', reason: 'load', idempotencyKey: c.key }),
            headers: { 'Content-Type': 'application/json' },
            params: { userId: String(c.userId) },
            cookie: admin.cookie,
          })
        : rawTrpcMutation(
            `admin.customCredits.${c.direction}`,
            JSON.stringify({
              json: { userId: c.userId, amount: '0.75', reason: 'load', idempotencyKey: c.key },
            }),
            { 'Content-Type': 'application/json' },
            admin.cookie,
          )

    let pending = calls.length
    const settled = Promise.all(
      calls.map(async (c, i) => {
        await sleep(Math.floor(i / 10) * 8)
        try {
          return await settleWithin(send(c))
        } finally {
          pending--
        }
      }),
    )
    const kills = await killWhile(() => pending > 0, 'all-others', 5, 30)
    const outcomes = await settled
    expect(kills.killed).toBeGreaterThan(0)

    const hung = calls.filter((_, i) => outcomes[i]!.status !== 'fulfilled').map((c) => c.key)
    expect
      .soft(hung, `requests without an answer ${HANG_MS} ms after their connection was killed`)
      .toEqual([])
    const statuses = new Map<number, number>()
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status !== 'fulfilled') continue
      const result = outcome.value
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1)
      const c = calls[i]!
      expect(
        [200, 503],
        `${c.via} ${c.direction} → ${result.status} ${result.text.slice(0, 300)}`,
      ).toContain(result.status)
      if (result.status === 503) expectUnavailable(result, c.via)
      const entries = await entriesWithKey(c.key)
      expect(entries, `${c.key} answered ${result.status}`).toHaveLength(
        result.status === 200 ? 1 : 0,
      )
    }
    expect(statuses.get(503) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0)
    for (const person of people) await journalMatchesBalance(person.id)
    expect((await verifyLedger(checker.db)).problems).toEqual([])
  }, 60_000)
})
