import { rmSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#db/embedded.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * Issue #11: after PostgreSQL came back, /readyz answered 503 once ("Failed query: select
 * count(*) … from drizzle.__drizzle_migrations"). The cause: a pooled connection whose query
 * was running when the server shut down kept the server's "terminating connection" error
 * (57P01), and postgres.js handed that old error to the first query of its next connection,
 * on the restarted server (scripts/patch-postgres.mjs, "no stale error"). Here every pooled
 * connection has a query running when PostgreSQL stops; after it is back, every read on
 * every connection must succeed.
 */
const DIR = path.resolve(`tests/.tmp/pg-restart-pool-${process.pid}`)
const POOL = 6
let port: number
let server: EmbeddedDatabase | null = null

const start = async () =>
  (server = await startEmbeddedPostgres({ dir: DIR, port, database: 'restart', persistent: true }))

beforeAll(async () => {
  port = await freePort()
  await start()
})
afterAll(async () => {
  await server?.stop()
  rmSync(DIR, { recursive: true, force: true })
  rmSync(`${DIR}.password`, { force: true })
})

describe('the pool across a PostgreSQL restart', () => {
  it('no read after the restart fails with an error of the stopped server', async () => {
    const { db, sql: client } = createDatabase(server!.url, { max: POOL })
    try {
      // Every connection of the pool busy when the server stops (fast shutdown: 57P01).
      const running = Array.from({ length: POOL }, () =>
        db.execute(sql`select pg_sleep(60)`).then(
          () => 'finished',
          () => 'failed',
        ),
      )
      const inFlight = createDatabase(server!.url, { max: 1 })
      await expect
        .poll(
          async () =>
            (
              await inFlight.db.execute<{ n: number }>(
                sql`select count(*)::int as n from pg_stat_activity where query like 'select pg_sleep(60)%'`,
              )
            )[0]?.n,
          { timeout: 20_000, interval: 50 },
        )
        .toBe(POOL)
      await inFlight.sql.end()
      await server!.stop()
      expect(await Promise.all(running)).toEqual(Array(POOL).fill('failed'))

      await start()
      // As many reads at once as the pool has connections, so each one reconnects.
      for (let round = 0; round < 3; round++) {
        const reads = await Promise.all(
          Array.from({ length: POOL }, () =>
            db.execute<{ n: number }>(sql`select count(*)::int as n from pg_class`).then(
              () => 'ok',
              (error: Error & { cause?: Error & { code?: string } }) =>
                `${error.cause?.code ?? ''} ${error.cause?.message ?? error.message}`,
            ),
          ),
        )
        expect(reads, `round ${round}`).toEqual(Array(POOL).fill('ok'))
      }
    } finally {
      await client.end({ timeout: 5 })
    }
  }, 120_000)
})
