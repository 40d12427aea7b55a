import type { Db } from '#db/client.ts'
import { knownMigrations, migrationStatus } from '#db/migration-status.ts'
import { env } from '#server/env.ts'
import { jobQueueStatus } from '#server/jobs/queue.ts'

export type Readiness = {
  ready: boolean
  checks: {
    database: { ok: boolean; error?: string }
    migrations: {
      ok: boolean
      /** Of this build's migrations, how many the database has, and which it lacks. */
      applied?: number
      expected: number
      /** Migrations of a newer release (fine: ADR 018). */
      newer?: number
      missing?: string[]
    }
    jobQueue: { ok: boolean; running: boolean; enabled: boolean }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  ])
}

/**
 * /readyz: the database answers, it holds every migration this build knows (newer ones are
 * fine, so a rolling upgrade's first migrating instance does not take the old ones out,
 * ADR 018), and the job queue runs here when this process works it (JOBS_ENABLED for a web
 * process, always for `npm run worker`).
 */
export async function checkReadiness(
  db: Db,
  options: { worksJobs?: boolean } = {},
): Promise<Readiness> {
  const worksJobs = options.worksJobs ?? env.JOBS_ENABLED
  const checks: Readiness['checks'] = {
    database: { ok: false },
    migrations: { ok: false, expected: knownMigrations().length },
    jobQueue: { ok: !worksJobs, running: false, enabled: worksJobs },
  }
  try {
    const status = await withTimeout(migrationStatus(db), 2000)
    checks.database = { ok: true }
    checks.migrations = { ok: status.missing.length === 0, ...status }
  } catch (error) {
    checks.database = { ok: false, error: error instanceof Error ? error.message : 'unreachable' }
  }
  if (worksJobs) {
    const queue = await withTimeout(jobQueueStatus(), 2000).catch(() => ({ running: false }))
    checks.jobQueue = { ok: queue.running, running: queue.running, enabled: true }
  }
  return { ready: checks.database.ok && checks.migrations.ok && checks.jobQueue.ok, checks }
}
