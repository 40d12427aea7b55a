import { and, desc, eq, lt, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { creditTransactions, type CreditEntryType } from '#db/schema/index.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import {
  getStatement,
  type Statement,
} from '#server/services/documents/statements/get-statement.ts'
import { monthOf } from '#server/services/documents/statements/schemas.ts'
import { balanceOf, expectLedgerConsistent, fund, ledgerAdmin } from '#tests/helpers/dns.ts'
import { seededRandom } from '#tests/helpers/random.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Statement arithmetic against entries written by the real ledger writer (postCreditEntry):
 * opening + the month's entries = closing = the ledger's balance at the end of the month.
 *
 * The writer stamps entries with now(); to place them in past months (and exactly on a
 * month boundary), the table's owner adds a test-only BEFORE INSERT trigger that takes
 * `created_at` from a transaction-local setting when one is set. Nothing else changes.
 */

const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })

beforeAll(async () => {
  await owner.unsafe(`
    create function test_entry_clock() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('skypanel_test.entry_at', true), '') <> '' then
        new.created_at := current_setting('skypanel_test.entry_at')::timestamptz;
      end if;
      return new;
    end $$;
    create trigger test_entry_clock before insert on credit_transactions
      for each row execute function test_entry_clock();`)
})
afterAll(async () => {
  await owner.unsafe(`drop trigger test_entry_clock on credit_transactions;
    drop function test_entry_clock();`)
  await owner.end()
  await expectLedgerConsistent()
})

const ADDS: CreditEntryType[] = ['purchase', 'admin_add']

/** One entry through postCreditEntry, dated `iso`. Removals may take the balance below zero. */
async function postAt(iso: string, userId: number, type: CreditEntryType, cents: number) {
  const admin = await ledgerAdmin()
  const adds = ADDS.includes(type)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('skypanel_test.entry_at', ${iso}, true)`)
    return postCreditEntry(tx, {
      userId,
      type,
      amountCents: adds ? cents : -cents,
      description: `${type} ${cents} at ${iso} → ünïcødé`,
      ...(type.startsWith('admin_') ? { adminUserId: admin.id, reason: 'statement test' } : {}),
      allowNegative: true,
    })
  })
}

/** The ledger's own answer: the balance after the last entry dated before `end`. */
async function ledgerBalanceBefore(userId: number, end: Date): Promise<number> {
  const [row] = await db
    .select({ cents: creditTransactions.balanceAfterCents })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.userId, userId), lt(creditTransactions.createdAt, end)))
    .orderBy(desc(creditTransactions.id))
    .limit(1)
  return row?.cents ?? 0
}

/** Every invariant a statement must keep, checked against the ledger rows themselves. */
async function expectMatchesLedger(statement: Statement) {
  const userId = statement.holder.userId
  const sum = statement.lines.reduce((total, line) => total + line.amount.cents, 0)
  expect(statement.openingBalance.cents + sum).toBe(statement.closingBalance.cents)
  expect(statement.openingBalance.cents).toBe(
    await ledgerBalanceBefore(userId, statement.periodStart),
  )
  expect(statement.closingBalance.cents).toBe(
    await ledgerBalanceBefore(userId, statement.periodEnd),
  )
  expect(statement.totalIn.cents + statement.totalOut.cents).toBe(sum)
  const ledger = await db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId))
  const byId = new Map(ledger.map((entry) => [entry.id, entry]))
  for (const line of statement.lines) {
    const entry = byId.get(line.entryId)!
    expect(line.balance.cents).toBe(entry.balanceAfterCents)
    expect(line.amount.cents).toBe(entry.amountCents)
    expect(line.date >= statement.periodStart && line.date < statement.periodEnd).toBe(true)
  }
  const inMonth = ledger.filter(
    (e) => e.createdAt >= statement.periodStart && e.createdAt < statement.periodEnd,
  )
  expect(statement.lines.map((l) => l.entryId)).toEqual(
    inMonth.map((e) => e.id).sort((a, b) => a - b),
  )
}

const statementOf = (userId: number, month: string) => getStatement(db, { userId, month })

describe('month boundaries (UTC)', () => {
  let user: TestUser
  beforeAll(async () => {
    user = await createTestUser({ name: 'Zoë Boundary' })
    await postAt('2026-01-10T08:00:00Z', user.id, 'purchase', 10_000)
    await postAt('2026-01-31T23:59:59.999999Z', user.id, 'service_purchase', 1_234)
    await postAt('2026-02-01T00:00:00Z', user.id, 'service_renewal', 500)
    await postAt('2026-02-15T12:00:00Z', user.id, 'admin_add', 99)
    await postAt('2026-02-28T23:59:59.999Z', user.id, 'admin_remove', 9_000)
    await postAt('2026-03-01T00:00:00Z', user.id, 'purchase', 1)
  })

  it('puts an entry at exactly 00:00:00 UTC in the month it opens, the microsecond before in the last', async () => {
    const january = await statementOf(user.id, '2026-01')
    expect(
      january.lines.map((l) => [l.date.toISOString(), l.amount.cents, l.balance.cents]),
    ).toEqual([
      ['2026-01-10T08:00:00.000Z', 10_000, 10_000],
      // JS Dates hold milliseconds: the stored .999999 reads as .999, still January.
      ['2026-01-31T23:59:59.999Z', -1_234, 8_766],
    ])
    expect(january.openingBalance.cents).toBe(0)
    expect(january.closingBalance.cents).toBe(8_766)
    expect(january.complete).toBe(true)

    const february = await statementOf(user.id, '2026-02')
    expect(february.lines.map((l) => l.date.toISOString())).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-02-15T12:00:00.000Z',
      '2026-02-28T23:59:59.999Z',
    ])
    expect(february.openingBalance.cents).toBe(8_766)
    expect(february.lines.map((l) => l.balance.cents)).toEqual([8_266, 8_365, -635])
    expect(february.closingBalance).toEqual({ cents: -635, formatted: '-$6.35' })
    expect(february.totalIn.cents).toBe(99)
    expect(february.totalOut.cents).toBe(-9_500)

    const march = await statementOf(user.id, '2026-03')
    expect(march.openingBalance.cents).toBe(-635)
    expect(march.closingBalance.cents).toBe(-634)
    for (const statement of [january, february, march]) await expectMatchesLedger(statement)
  })

  it('says what each line is: the type’s display name and the stored description', async () => {
    const february = await statementOf(user.id, '2026-02')
    expect(february.lines.map((l) => l.typeLabel)).toEqual([
      'Service renewal',
      'Added by admin',
      'Removed by admin',
    ])
    expect(february.lines[0]!.description).toBe(
      'service_renewal 500 at 2026-02-01T00:00:00Z → ünïcødé',
    )
  })

  it('gives an empty statement with zero balances for a month before the user existed', async () => {
    const before = await statementOf(user.id, '2025-12')
    expect(before.lines).toEqual([])
    expect(before.openingBalance.cents).toBe(0)
    expect(before.closingBalance.cents).toBe(0)
    expect(before.holder.name).toBe('Zoë Boundary')
  })

  it('carries the balance through a month without entries', async () => {
    const quiet = await statementOf(user.id, '2026-04')
    expect(quiet.lines).toEqual([])
    expect(quiet.openingBalance.cents).toBe(-634)
    expect(quiet.closingBalance.cents).toBe(-634)
  })
})

describe('the current and future months', () => {
  it('the current month closes at the balance now, and is marked incomplete', async () => {
    const user = await createTestUser({ name: 'Now Person' })
    await postAt('2026-02-03T10:00:00Z', user.id, 'purchase', 700)
    await fund(user.id, 2_500) // dated now() by the real clock
    await db.transaction((tx) =>
      postCreditEntry(tx, {
        userId: user.id,
        type: 'service_purchase',
        amountCents: -300,
        description: 'Basic DNS',
      }),
    )
    const now = new Date()
    const statement = await statementOf(user.id, monthOf(now))
    expect(statement.complete).toBe(false)
    expect(statement.openingBalance.cents).toBe(700)
    expect(statement.lines.map((l) => l.amount.cents)).toEqual([2_500, -300])
    expect(statement.closingBalance.cents).toBe(await balanceOf(user.id))
    await expectMatchesLedger(statement)
  })

  it('refuses a month that has not begun, and answers for the one that just did', async () => {
    const user = await createTestUser()
    const now = new Date('2026-03-01T00:00:00Z')
    await expect(
      getStatement(db, { userId: user.id, month: '2026-04', now }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    const march = await getStatement(db, { userId: user.id, month: '2026-03', now })
    expect(march.complete).toBe(false)
    await expect(getStatement(db, { userId: user.id, month: '2999-01' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
  })

  it('is NOT_FOUND for a user that does not exist', async () => {
    await expect(
      getStatement(db, { userId: 2_147_483_647, month: '2026-01' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('several users, interleaved, over a year', () => {
  it('every month of every user matches the ledger, and each month opens where the last closed', async () => {
    const random = seededRandom(14)
    const people = await Promise.all(
      ['Ångström', 'Δημήτρης', '李小龍'].map((name) => createTestUser({ name })),
    )
    const types: CreditEntryType[] = [
      'purchase',
      'admin_add',
      'service_purchase',
      'service_renewal',
      'admin_remove',
    ]
    // Random instants over a year plus every month's first instant, in time order (the
    // ledger's id order follows time, as in production).
    const start = Date.parse('2025-06-01T00:00:00Z')
    const span = Date.parse('2026-06-01T00:00:00Z') - start
    const instants = [
      ...Array.from({ length: 108 }, () => start + Math.floor(random.next() * span)),
      ...Array.from({ length: 12 }, (_, m) => Date.UTC(2025, 6 + m, 1)),
    ].sort((a, b) => a - b)
    for (const instant of instants) {
      const iso = new Date(instant).toISOString()
      await postAt(iso, random.pick(people).id, random.pick(types), random.int(1, 50_000))
    }
    for (const person of people) {
      let previousClose = 0
      for (let m = 0; m < 13; m++) {
        const month = monthOf(new Date(Date.UTC(2025, 5 + m, 1)))
        const statement = await statementOf(person.id, month)
        expect(statement.openingBalance.cents).toBe(previousClose)
        await expectMatchesLedger(statement)
        previousClose = statement.closingBalance.cents
      }
      expect(previousClose).toBe(
        await ledgerBalanceBefore(person.id, new Date('2026-07-01T00:00:00Z')),
      )
    }
  })
})
