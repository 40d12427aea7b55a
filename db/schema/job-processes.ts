import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

/**
 * One row per running process that works the job queue (a web process with JOBS_ENABLED, or
 * `npm run worker`), refreshed by its heartbeat and removed when it stops: /admin/health
 * shows which processes run jobs, and that none does.
 */
export const jobProcesses = pgTable(
  'job_processes',
  {
    id: text().primaryKey(),
    role: text().$type<'web' | 'worker'>().notNull(),
    host: text().notNull(),
    pid: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('job_processes_role_check', sql`${t.role} in ('web', 'worker')`)],
)
export type JobProcess = typeof jobProcesses.$inferSelect
