import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * DATABASE_PREPARE=false opens clients with `prepare: false, max_pipeline: 0` (ADR 008).
 * postgres.js 3.4.9 as published cannot run `sql.begin` that way (UNSAFE_TRANSACTION,
 * porsager/postgres#1210); scripts/patch-postgres.mjs fixes it at install. This fails
 * wherever that patch is missing, without needing PgBouncer.
 */
const sql = postgres(process.env.DATABASE_URL!, {
  max: 2,
  prepare: false,
  onnotice: () => {},
  ...{ max_pipeline: 0 },
})
afterAll(() => sql.end())

describe('the driver configured for transaction pooling', () => {
  it('runs transactions, and queues rather than pipelines more queries than connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sql.begin(async (tx) => {
          const [row] = await tx<{ n: number }[]>`select ${i}::int as n`
          return row!.n
        }),
      ),
    )
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i))
    const plain = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sql.unsafe(i % 2 ? 'select 1 as n' : `select ${i} as n`),
      ),
    )
    expect(plain).toHaveLength(20)
  })
})
