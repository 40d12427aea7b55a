import PgBoss from 'pg-boss'
import { retryWithBackoff } from '#server/lib/backoff.ts'
import { JOB_NAMES } from './requests.ts'

/** pg-boss's own queue for cron schedules, created by its scheduler at start. */
const PG_BOSS_SCHEDULE_QUEUE = '__pgboss__send-it'

/**
 * Run by the migration role after the migrations: pg-boss's schema (created, or migrated to
 * this pg-boss version) and every queue the app works. A queue is a partition of pg-boss's
 * job table, created by DDL that only the table's owner may run; with the queues in place,
 * the application role only ever reads and writes rows (ADR 017). Two processes doing this at
 * once can deadlock in pg-boss's queue creation (40P01): tried again.
 */
export async function installJobQueueSchema(migrationUrl: string): Promise<void> {
  await retryWithBackoff(
    async () => {
      const boss = new PgBoss({
        connectionString: migrationUrl,
        schema: 'pgboss',
        max: 1,
        application_name: 'skypanel-migrate',
        supervise: false,
        schedule: false,
      })
      let failure: unknown
      boss.on('error', (error) => (failure ??= error))
      await boss.start()
      try {
        for (const name of [...JOB_NAMES, PG_BOSS_SCHEDULE_QUEUE]) await boss.createQueue(name)
      } finally {
        await boss.stop({ graceful: false, wait: true, timeout: 1000 })
      }
      if (failure) throw failure
    },
    { attempts: 5, firstDelayMs: 200, maxDelayMs: 2000 },
  )
}
