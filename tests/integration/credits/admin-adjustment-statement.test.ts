import { randomUUID } from 'node:crypto'
import { and, eq, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { createDatabase, openPostgres, type Db } from '#db/connection.ts'
import * as schema from '#db/schema/index.ts'
import { creditTransactions, mailOutbox } from '#db/schema/index.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { postCreditEntryAlone } from '#server/services/credits/post-credit-entry.ts'
import { buildMailInsert } from '#server/services/mail/enqueue-mail.ts'
import { updateMailPreferences } from '#server/services/mail/preferences/mail-preferences.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * An admin adjustment on an existing wallet is ONE autocommit statement that moves the
 * balance, appends the entry and writes the user's notice (and a debit's low-balance notice):
 * no BEGIN/COMMIT, so the balance row's lock is never held across a client round trip. The
 * notices are fed by the entry's RETURNING: no entry, no notice.
 */

let admin: TestUser
/** A Db whose driver reports every statement it sends (postgres.js `debug`), on one connection. */
let statements: string[] = []
let counted: Db
let countedClient: ReturnType<typeof openPostgres>
let pool: ReturnType<typeof createDatabase>

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Statement Admin' })
  countedClient = openPostgres(process.env.DATABASE_URL!, {
    max: 1,
    fetch_types: false,
    debug: (_connection, query) => statements.push(query),
  })
  counted = drizzle({ client: countedClient, schema, casing: 'snake_case' })
  pool = createDatabase(process.env.DATABASE_URL!, { max: 4 })
})
afterAll(async () => {
  await countedClient.end({ timeout: 5 })
  await pool.sql.end({ timeout: 5 })
})

const adjustment = (user: TestUser, direction: 'add' | 'remove', amount: number) => ({
  userId: user.id,
  amount,
  reason: 'statement test',
  direction,
  admin: { id: admin.id, name: admin.name },
})
const outboxOf = (userId: number, template?: string) =>
  db
    .select()
    .from(mailOutbox)
    .where(
      template
        ? and(eq(mailOutbox.userId, userId), eq(mailOutbox.template, template))
        : eq(mailOutbox.userId, userId),
    )
const entriesOf = (userId: number) =>
  db.select().from(creditTransactions).where(eq(creditTransactions.userId, userId))

/** A user whose wallet exists (its first adjustment took the transaction path). */
async function userWithWallet(balanceCents: number, lowBalanceThreshold?: number) {
  const user = await createTestUser()
  if (lowBalanceThreshold !== undefined)
    await updateMailPreferences(db, {
      userId: user.id,
      preferences: { enabled: ['low_balance'], lowBalanceThreshold },
    })
  await adjustCreditsByAdmin(db, adjustment(user, 'add', balanceCents))
  return user
}

describe('an admin adjustment on an existing wallet', () => {
  it('is one statement that writes the entry and the notice', async () => {
    const user = await userWithWallet(2000)
    statements = []

    const result = await adjustCreditsByAdmin(counted, adjustment(user, 'add', 150))

    expect(statements).toHaveLength(1)
    expect(statements[0]).not.toMatch(/^\s*(begin|commit)\b/i)
    expect(result.balance.cents).toBe(2150)
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(2)
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(2150)
  })

  it('with an idempotency key: the lookup, then one statement; the repeat writes nothing', async () => {
    const user = await userWithWallet(2000)
    const input = { ...adjustment(user, 'remove', 300), idempotencyKey: `stmt-${randomUUID()}` }
    statements = []

    const first = await adjustCreditsByAdmin(counted, input)
    expect(statements).toHaveLength(2)
    const again = await adjustCreditsByAdmin(counted, input)

    expect(again.entry.id).toBe(first.entry.id)
    expect(await entriesOf(user.id)).toHaveLength(2)
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(2)
  })

  it('a debit crossing the threshold writes exactly one low-balance notice in the same statement', async () => {
    const user = await userWithWallet(1500, 1000)
    statements = []

    const crossing = await adjustCreditsByAdmin(counted, adjustment(user, 'remove', 600)) // 9.00
    expect(statements).toHaveLength(1)
    await adjustCreditsByAdmin(counted, adjustment(user, 'remove', 100)) // 8.00: still below

    const low = await outboxOf(user.id, 'low-balance')
    expect(low.map((row) => row.eventKey)).toEqual([`low-balance:${crossing.entry.id}`])
    expect(low[0]!.data).toMatchObject({
      balanceCents: 900,
      thresholdCents: 1000,
      cause: 'Credits removed by an administrator',
    })
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(3)
  })

  it('an opted-out low-balance category writes no low-balance row; the notice is still written', async () => {
    const user = await userWithWallet(1500)
    await updateMailPreferences(db, {
      userId: user.id,
      preferences: { enabled: [], lowBalanceThreshold: 1000 },
    })
    await adjustCreditsByAdmin(db, adjustment(user, 'remove', 1000))
    expect(await outboxOf(user.id, 'low-balance')).toHaveLength(0)
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(2)
  })

  it('a concurrent same-key pair writes one entry and one notice, and both answer with it', async () => {
    for (let round = 0; round < 8; round++) {
      const user = await userWithWallet(1200, 1000)
      const input = { ...adjustment(user, 'remove', 500), idempotencyKey: `pair-${randomUUID()}` }

      const [a, b] = await Promise.all([
        adjustCreditsByAdmin(pool.db, input),
        adjustCreditsByAdmin(pool.db, input),
      ])

      expect(a.entry.id).toBe(b.entry.id)
      expect(a.balance.cents).toBe(700)
      expect(await entriesOf(user.id)).toHaveLength(2)
      expect((await getCreditBalance(db, user.id)).balance.cents).toBe(700)
      expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(2)
      expect(await outboxOf(user.id, 'low-balance')).toHaveLength(1)
    }
  })
})

describe('an entry that is not written', () => {
  const noticeFor = (user: TestUser) => (options: { onlyWith: SQL }) =>
    buildMailInsert(
      {
        eventKey: `absent:${user.id}:${randomUUID()}`,
        recipient: { userId: user.id },
        template: 'admin-credit-adjustment',
        data: { direction: 'remove', amountCents: 500, reason: 'absent' },
      },
      options,
    )

  it('writes no notice when the wallet row is missing', async () => {
    const user = await createTestUser()
    const notice = noticeFor(user)
    const posted = await postCreditEntryAlone(
      db,
      {
        userId: user.id,
        type: 'admin_add',
        amountCents: 500,
        description: 'absent wallet',
        adminUserId: admin.id,
        reason: 'absent',
      },
      [(entry) => notice({ onlyWith: entry })],
    )
    expect(posted).toBeNull()
    expect(await entriesOf(user.id)).toHaveLength(0)
    expect(await outboxOf(user.id)).toHaveLength(0)
  })

  it('writes no notice and no low-balance notice when a spend below zero is refused', async () => {
    const user = await userWithWallet(1200, 1000)
    const notice = noticeFor(user)
    const posted = await postCreditEntryAlone(
      db,
      {
        userId: user.id,
        type: 'admin_remove',
        amountCents: -5000,
        description: 'refused spend',
        adminUserId: admin.id,
        reason: 'absent',
      },
      [(entry) => notice({ onlyWith: entry })],
    )
    expect(posted).toBeNull()
    expect(await entriesOf(user.id)).toHaveLength(1)
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(1)
    expect(await outboxOf(user.id, 'low-balance')).toHaveLength(0)
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1200)
  })

  it("a wallet's first use takes the transaction and writes one entry and one notice", async () => {
    const user = await createTestUser()
    statements = []
    await adjustCreditsByAdmin(counted, adjustment(user, 'remove', 250))
    expect(statements[1]).toMatch(/^\s*begin\b/i)
    expect(await entriesOf(user.id)).toHaveLength(1)
    expect(await outboxOf(user.id, 'admin-credit-adjustment')).toHaveLength(1)
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(-250)
  })
})
