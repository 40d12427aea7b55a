import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { createDatabase, type Database } from '#db/connection.ts'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { creditTransactions, mailOutbox } from '#db/schema/index.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { startCommitCuttingProxy } from '#tests/helpers/commit-cutting-proxy.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * The connection of an admin adjustment is lost around its COMMIT (or, on an existing wallet,
 * after its one autocommit statement), at a chosen moment (a proxy cuts it;
 * pg_terminate_backend cannot aim there). A committed adjustment must answer with its
 * entry, never a 503 that a retry would have to sort out; one that never committed must fail
 * as unavailable and leave nothing; either way the key posts exactly once.
 */

let proxy: Awaited<ReturnType<typeof startCommitCuttingProxy>>
let throughProxy: Database
beforeAll(async () => {
  proxy = await startCommitCuttingProxy(process.env.DATABASE_URL!)
  throughProxy = createDatabase(proxy.url, { max: 1 })
})
afterAll(async () => {
  await throughProxy.sql.end({ timeout: 5 })
  await proxy.close()
})

async function setUp() {
  const admin = await createTestUser({ role: 'admin', name: 'Cut Admin' })
  const user = await createTestUser()
  return {
    user,
    input: {
      userId: user.id,
      amount: 1234,
      reason: 'goodwill after an outage',
      direction: 'add' as const,
      admin: { id: admin.id, name: admin.name },
      idempotencyKey: `lost-commit-${randomUUID()}`,
    },
  }
}

const entriesWithKey = (userId: number, key: string) =>
  db
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.userId, userId), eq(creditTransactions.idempotencyKey, key)))

describe('an admin adjustment whose connection is lost around COMMIT', () => {
  it('answers with its entry when the COMMIT landed, found by its idempotency key', async () => {
    const { user, input } = await setUp()
    const cutsBefore = proxy.cuts
    proxy.arm('after-commit')

    const result = await adjustCreditsByAdmin(throughProxy.db, input)

    expect(proxy.cuts).toBe(cutsBefore + 1)
    expect(result.entry).toMatchObject({ amount: { cents: 1234 }, balanceAfter: { cents: 1234 } })
    const entries = await entriesWithKey(user.id, input.idempotencyKey)
    expect(entries.map((entry) => entry.id)).toEqual([result.entry.id])
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1234)
    // The notice went with the entry's transaction: one, not one per attempt.
    const notices = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, user.id))
    expect(notices).toHaveLength(1)
  })

  it('fails as unavailable and writes nothing when the COMMIT never left; the retry posts once', async () => {
    const { user, input } = await setUp()
    const cutsBefore = proxy.cuts
    proxy.arm('before-commit')

    const lost = await adjustCreditsByAdmin(throughProxy.db, input).catch((error: unknown) => error)

    expect(proxy.cuts).toBe(cutsBefore + 1)
    expect(isDatabaseUnavailable(lost)).toBe(true)
    expect(await entriesWithKey(user.id, input.idempotencyKey)).toEqual([])
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(0)

    const retried = await adjustCreditsByAdmin(throughProxy.db, input)
    const again = await adjustCreditsByAdmin(throughProxy.db, input)
    expect(again.entry.id).toBe(retried.entry.id)
    expect(await entriesWithKey(user.id, input.idempotencyKey)).toHaveLength(1)
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1234)
  })
})

describe('an admin adjustment in one statement whose answer is lost', () => {
  it('answers with its entry when the statement committed, found by its idempotency key', async () => {
    const { user, input } = await setUp()
    // An existing wallet: the adjustment is one autocommit statement, not a transaction.
    await adjustCreditsByAdmin(db, {
      ...input,
      idempotencyKey: `seed-${randomUUID()}`,
      amount: 100,
    })
    const cutsBefore = proxy.cuts
    proxy.arm('after-statement', /^\s*with moved as/i)

    const result = await adjustCreditsByAdmin(throughProxy.db, input)

    expect(proxy.cuts).toBe(cutsBefore + 1)
    expect(result.entry).toMatchObject({ amount: { cents: 1234 }, balanceAfter: { cents: 1334 } })
    const entries = await entriesWithKey(user.id, input.idempotencyKey)
    expect(entries.map((entry) => entry.id)).toEqual([result.entry.id])
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1334)
    // The seed's notice and this one's, written by its statement: not one per attempt.
    const notices = await db.select().from(mailOutbox).where(eq(mailOutbox.userId, user.id))
    expect(notices).toHaveLength(2)
  })
})
