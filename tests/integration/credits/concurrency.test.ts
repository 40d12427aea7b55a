import { spawnSync } from 'node:child_process'
import { asc, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { creditTransactions } from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { seededRandom } from '#tests/helpers/random.ts'
import { createTestUser } from '#tests/helpers/users.ts'

// Many real connections, so the operations truly race inside PostgreSQL.
const pool = createDatabase(process.env.DATABASE_URL!, { max: 40 })
afterAll(() => pool.sql.end())

const SEED = Number(process.env.CONCURRENCY_SEED ?? 20261124)

describe('custom credits under concurrency', () => {
  it(`keeps the ledger exact through 240 concurrent mixed operations on one user (seed ${SEED})`, async () => {
    const random = seededRandom(SEED)
    const admin = await createTestUser({ role: 'admin', name: 'Race Admin' })
    const user = await createTestUser()
    const actor = { id: admin.id, name: admin.name }
    await adjustCreditsByAdmin(pool.db, {
      userId: user.id,
      amount: 5000,
      reason: 'opening balance',
      direction: 'add',
      admin: actor,
    })

    const operations = Array.from({ length: 240 }, (_, i) => {
      const kind = random.pick(['add', 'add', 'remove', 'spend', 'spend'] as const)
      const cents = random.int(1, 2500)
      return async () => {
        if (kind === 'spend') {
          return pool.db.transaction((tx) =>
            spendCredits(tx, {
              userId: user.id,
              type: 'service_purchase',
              amountCents: cents,
              description: `spend ${i}`,
            }),
          )
        }
        return adjustCreditsByAdmin(pool.db, {
          userId: user.id,
          amount: cents,
          reason: `race ${i}`,
          direction: kind,
          admin: actor,
        })
      }
    })
    const outcomes = await Promise.allSettled(operations.map((run) => run()))

    const unexpected = outcomes.filter(
      (o) =>
        o.status === 'rejected' &&
        !(isAppError(o.reason) && o.reason.code === 'INSUFFICIENT_CREDITS'),
    )
    expect(unexpected).toEqual([])
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length
    // The seed produces both outcomes, so the race really exercised the funds check.
    expect(succeeded).toBeGreaterThan(100)
    expect(succeeded).toBeLessThan(240)

    const entries = await pool.db
      .select()
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, user.id))
      .orderBy(asc(creditTransactions.id))
    expect(entries).toHaveLength(succeeded + 1)

    // The balance equals the sum of the journal, and the chain is unbroken.
    const journal = entries.reduce((sum, e) => sum + e.amountCents, 0)
    expect((await getCreditBalance(pool.db, user.id)).balance.cents).toBe(journal)
    let previous = 0
    for (const entry of entries) {
      expect(entry.balanceBeforeCents).toBe(previous)
      previous = entry.balanceAfterCents
    }
    // A user's own spend never took the balance below zero (admin removals may).
    for (const spend of entries.filter((e) => e.type === 'service_purchase')) {
      expect(spend.balanceAfterCents).toBeGreaterThanOrEqual(0)
    }
    expect((await verifyLedger(pool.db)).problems).toEqual([])

    // The operator's tool agrees on the balances. The race's bare spends have no service
    // charge behind them, so it lists each as an orphan and exits 1.
    const verify = spawnSync('npx', ['tsx', 'scripts/ledger-verify.ts'], {
      env: { ...process.env, NODE_ENV: 'test' },
      encoding: 'utf8',
    })
    expect(verify.stdout).toMatch(/OK: every balance equals its journal/)
    const spends = entries.filter((e) => e.type === 'service_purchase').length
    expect(verify.stderr).toContain(`ORPHANS: ${spends} entries without their source`)
    expect(verify.status).toBe(1)
  })
})
