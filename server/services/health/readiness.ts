import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { MIGRATIONS_FOLDER } from '#db/migrate.ts'
import { env } from '#server/env.ts'
import { jobQueueStatus } from '#server/jobs/queue.ts'

export type Readiness = {
  ready: boolean
  checks: {
    database: { ok: boolean; error?: string }
    migrations: { ok: boolean; applied?: number; expected: number }
    jobQueue: { ok: boolean; running: boolean; enabled: boolean }
  }
}

function expectedMigrations(): number {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: unknown[] }
  return journal.entries.length
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ])
}

/**
 * /readyz: the database answers, its schema is current, and the job queue runs here when
 * this process works it (JOBS_ENABLED for a web process, always for `npm run worker`).
 */
export async function checkReadiness(
  db: Db,
  options: { worksJobs?: boolean } = {},
): Promise<Readiness> {
  const worksJobs = options.worksJobs ?? env.JOBS_ENABLED
  const expected = expectedMigrations()
  const checks: Readiness['checks'] = {
    database: { ok: false },
    migrations: { ok: false, expected },
    jobQueue: { ok: !worksJobs, running: false, enabled: worksJobs },
  }
  try {
    const rows = await withTimeout(
      db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      2000,
    )
    checks.database = { ok: true }
    const applied = rows[0]?.n ?? 0
    checks.migrations = { ok: applied === expected, applied, expected }
  } catch (error) {
    checks.database = { ok: false, error: error instanceof Error ? error.message : 'unreachable' }
  }
  if (worksJobs) {
    const queue = await withTimeout(jobQueueStatus(), 2000).catch(() => ({ running: false }))
    checks.jobQueue = { ok: queue.running, running: queue.running, enabled: true }
  }
  return { ready: checks.database.ok && checks.migrations.ok && checks.jobQueue.ok, checks }
}
