import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { knownMigrations, requireMigrations } from '#db/migration-status.ts'
import { runMigrations } from '#db/migrate.ts'
import { checkReadiness } from '#server/services/health/readiness.ts'

/**
 * Issue #11, rolling upgrades (ADR 018): readiness wanted exactly as many applied migrations
 * as this build has, so the first instance of a new release to migrate turned every old
 * instance 503. A migration of a newer release is fine; one of this build's missing is not.
 */
const known = knownMigrations()
const newest = known.at(-1)!
// The bookkeeping belongs to the role that migrates (ADR 017); the app only reads it.
const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!
const owner = createDatabase(ownerUrl, { max: 1 })
afterAll(() => owner.sql.end())

describe('readiness, the start check and the migrations in the database', () => {
  it('a newer release has migrated: still ready, and the migrator leaves it alone', async () => {
    const future = newest.when + 86_400_000
    await owner.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('next-release', ${future})`,
    )
    try {
      const readiness = await checkReadiness(db, { worksJobs: false })
      expect(readiness.checks.migrations).toEqual({
        ok: true,
        applied: known.length,
        expected: known.length,
        newer: 1,
        missing: [],
      })
      expect(readiness.ready).toBe(true)
      // With MIGRATE_ON_START=false it starts too.
      await expect(requireMigrations(process.env.DATABASE_URL!)).resolves.toMatchObject({
        newer: 1,
        missing: [],
      })
      // An old instance restarting now applies nothing and starts.
      expect(await runMigrations(ownerUrl)).toMatchObject({ applied: 0 })
    } finally {
      await owner.db.execute(
        sql`delete from drizzle.__drizzle_migrations where created_at = ${future}`,
      )
    }
  })

  it('one of this build’s migrations missing: not ready, and it is named', async () => {
    const [row] = await owner.db.execute<{ id: number; hash: string }>(
      sql`delete from drizzle.__drizzle_migrations where created_at = ${newest.when} returning id, hash`,
    )
    try {
      const readiness = await checkReadiness(db, { worksJobs: false })
      expect(readiness.ready).toBe(false)
      expect(readiness.checks.database.ok).toBe(true)
      expect(readiness.checks.migrations).toMatchObject({
        ok: false,
        applied: known.length - 1,
        missing: [newest.tag],
      })
      // With MIGRATE_ON_START=false a process refuses to start, saying what to do.
      await expect(requireMigrations(process.env.DATABASE_URL!)).rejects.toThrow(
        new RegExp(`lacks 1 of .*\\(${newest.tag}\\).*npm run db:migrate`),
      )
    } finally {
      await owner.db.execute(
        sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row!.id}, ${row!.hash}, ${newest.when})`,
      )
    }
  })
})
