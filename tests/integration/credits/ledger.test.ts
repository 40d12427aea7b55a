import { eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { creditTransactions, userCredits } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { postCreditEntryOnce } from '#server/services/credits/post-credit-entry.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { createTestUser } from '#tests/helpers/users.ts'

const admin = { id: 0, name: 'Ledger Admin' }

async function withAdmin() {
  const created = await createTestUser({ role: 'admin', name: admin.name })
  return { id: created.id, name: created.name }
}

describe('the single writer', () => {
  it('creates the wallet on first use and records before/after on every entry', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    const first = await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 2500,
      reason: 'welcome bonus',
      direction: 'add',
      admin: actor,
    })
    expect(first.entry).toMatchObject({
      type: 'admin_add',
      amount: { cents: 2500, formatted: '$25.00' },
      balanceBefore: { cents: 0 },
      balanceAfter: { cents: 2500 },
      reason: 'welcome bonus',
      adminName: actor.name,
    })
    expect(first.warning).toBeNull()
    const spent = await db.transaction((tx) =>
      spendCredits(tx, {
        userId: user.id,
        type: 'service_purchase',
        amountCents: 1500,
        description: 'Pro plan',
      }),
    )
    expect(spent).toMatchObject({
      amountCents: -1500,
      balanceBeforeCents: 2500,
      balanceAfterCents: 1000,
    })
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1000)
  })

  it('refuses a spend below zero with INSUFFICIENT_CREDITS and the shortfall, writing nothing', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 500,
      reason: 'seed funds',
      direction: 'add',
      admin: actor,
    })
    const attempt = db.transaction((tx) =>
      spendCredits(tx, {
        userId: user.id,
        type: 'service_purchase',
        amountCents: 1500,
        description: 'Pro plan',
      }),
    )
    await expect(attempt).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 1000 },
    })
    expect(await db.$count(creditTransactions, eq(creditTransactions.userId, user.id))).toBe(1)
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(500)
  })

  it('refuses a spend from a wallet that does not exist yet', async () => {
    const user = await createTestUser()
    const attempt = db.transaction((tx) =>
      spendCredits(tx, {
        userId: user.id,
        type: 'service_purchase',
        amountCents: 500,
        description: 'Basic plan',
      }),
    )
    await expect(attempt).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      details: { shortfallCents: 500 },
    })
  })

  it('lets an admin removal go below zero and says so', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 2500,
      reason: 'top up',
      direction: 'add',
      admin: actor,
    })
    const removal = await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 3000,
      reason: 'fraud reversal',
      direction: 'remove',
      admin: actor,
    })
    expect(removal.balance).toEqual({ cents: -500, formatted: '-$5.00' })
    expect(removal.warning).toMatch(/negative \(-\$5\.00\)/)
    expect(await getCreditBalance(db, user.id)).toEqual({
      balance: { cents: -500, formatted: '-$5.00' },
      owed: true,
    })
  })

  it('refuses an unknown user with NOT_FOUND', async () => {
    await expect(
      adjustCreditsByAdmin(db, {
        userId: 999999,
        amount: 100,
        reason: 'nobody',
        direction: 'add',
        admin: await withAdmin(),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('idempotency', () => {
  it('the same key sent 20 times concurrently writes one entry and answers alike', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        adjustCreditsByAdmin(db, {
          userId: user.id,
          amount: 1234,
          reason: 'concurrent retry',
          idempotencyKey: 'retry-key-0001',
          direction: 'add',
          admin: actor,
        }),
      ),
    )
    expect(await db.$count(creditTransactions, eq(creditTransactions.userId, user.id))).toBe(1)
    for (const result of results) expect(result).toEqual(results[0])
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(1234)
  })

  it('refuses a key reused for a different amount', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    const base = {
      userId: user.id,
      reason: 'first',
      idempotencyKey: 'reused-key-01',
      direction: 'add' as const,
      admin: actor,
    }
    await adjustCreditsByAdmin(db, { ...base, amount: 100 })
    await expect(adjustCreditsByAdmin(db, { ...base, amount: 200 })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
  })

  it('refuses a second entry with the same payment reference', async () => {
    const user = await createTestUser()
    const entry = {
      userId: user.id,
      type: 'purchase' as const,
      amountCents: 500,
      description: 'PayPal',
      paymentReference: 'CAPTURE-1',
    }
    await postCreditEntryOnce(db, entry)
    await expect(postCreditEntryOnce(db, entry)).rejects.toSatisfy(
      (e) => pgErrorOf(e)?.code === '23505',
    )
    expect((await getCreditBalance(db, user.id)).balance.cents).toBe(500)
  })
})

describe('the database protects the journal', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on credit_transactions', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    const { entry } = await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 100,
      reason: 'audit me',
      direction: 'add',
      admin: actor,
    })
    const attempts = [
      db
        .update(creditTransactions)
        .set({ amountCents: 999999 })
        .where(eq(creditTransactions.id, entry.id)),
      db.delete(creditTransactions).where(eq(creditTransactions.id, entry.id)),
      // CASCADE gets past the foreign keys that point at the journal; the trigger still refuses.
      db.execute(sql`truncate credit_transactions cascade`),
    ]
    // The app's role may not (ADR 017); the owner, who may, is stopped by the trigger.
    for (const attempt of attempts) {
      await expect(attempt).rejects.toSatisfy((e) => pgErrorOf(e)?.code === '42501')
    }
    const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })
    try {
      for (const statement of [
        `update credit_transactions set amount_cents = 999999 where id = ${entry.id}`,
        `delete from credit_transactions where id = ${entry.id}`,
        'truncate credit_transactions cascade',
      ]) {
        await expect(owner.unsafe(statement)).rejects.toThrow(/append-only/)
      }
    } finally {
      await owner.end()
    }
    const [row] = await db
      .select()
      .from(creditTransactions)
      .where(eq(creditTransactions.id, entry.id))
    expect(row!.amountCents).toBe(100)
  })

  it.each([
    [
      'after ≠ before + amount',
      { amountCents: 100, balanceBeforeCents: 0, balanceAfterCents: 101, type: 'admin_add' },
    ],
    [
      'a zero amount',
      { amountCents: 0, balanceBeforeCents: 0, balanceAfterCents: 0, type: 'admin_add' },
    ],
    [
      'a credit typed as a spend',
      {
        amountCents: 100,
        balanceBeforeCents: 0,
        balanceAfterCents: 100,
        type: 'service_purchase',
      },
    ],
    [
      'an admin entry without a reason',
      {
        amountCents: 100,
        balanceBeforeCents: 0,
        balanceAfterCents: 100,
        type: 'admin_add',
        reason: null,
      },
    ],
  ] as const)('refuses %s (CHECK)', async (_label, values) => {
    const actor = await withAdmin()
    const user = await createTestUser()
    const insert = db.insert(creditTransactions).values({
      userId: user.id,
      description: 'direct insert',
      adminUserId: actor.id,
      reason: 'because',
      ...values,
    })
    await expect(insert).rejects.toSatisfy((e) => pgErrorOf(e)?.code === '23514')
  })

  it('keeps the audit trail when someone tries to delete a user with entries', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 100,
      reason: 'keep me',
      direction: 'add',
      admin: actor,
    })
    const error = await db
      .execute(sql`delete from users where id = ${user.id}`)
      .catch((e: unknown) => e)
    expect(pgErrorOf(error)).toMatchObject({ code: '23001' })
  })
})

describe('verifyLedger', () => {
  it('is clean after normal activity and reports a tampered balance and a broken chain', async () => {
    const actor = await withAdmin()
    const user = await createTestUser()
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 1000,
      reason: 'first',
      direction: 'add',
      admin: actor,
    })
    await adjustCreditsByAdmin(db, {
      userId: user.id,
      amount: 300,
      reason: 'second',
      direction: 'remove',
      admin: actor,
    })
    expect((await verifyLedger(db)).problems).toEqual([])

    await db.update(userCredits).set({ balanceCents: 5 }).where(eq(userCredits.userId, user.id))
    await db.insert(creditTransactions).values({
      userId: user.id,
      type: 'admin_add',
      amountCents: 5,
      balanceBeforeCents: 0,
      balanceAfterCents: 5,
      description: 'forged',
      adminUserId: actor.id,
      reason: 'forged',
    })
    const problems = (await verifyLedger(db)).problems
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'balance_mismatch',
          userId: user.id,
          balanceCents: 5,
          journalCents: 705,
        }),
        expect.objectContaining({
          kind: 'broken_chain',
          userId: user.id,
          balanceBeforeCents: 0,
          previousAfterCents: 700,
        }),
      ]),
    )
  })
})

void AppError
