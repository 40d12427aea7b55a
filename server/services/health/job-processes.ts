import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { jobProcesses, type JobProcess } from '#db/schema/index.ts'

export const HEARTBEAT_INTERVAL_MS = 15_000
/** Four missed beats: the process is gone or cannot reach the database. */
export const HEARTBEAT_STALE_AFTER_MS = 60_000

export type JobProcessIdentity = Pick<JobProcess, 'id' | 'role' | 'host' | 'pid'>

export function thisJobProcess(role: JobProcess['role']): JobProcessIdentity {
  // The pid alone repeats across containers; the suffix keeps a restarted process apart.
  return {
    id: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    role,
    host: hostname(),
    pid: process.pid,
  }
}

/** Records that this process still works the queue; forgets processes silent for a day. */
export async function recordHeartbeat(db: Db, self: JobProcessIdentity): Promise<void> {
  await db
    .insert(jobProcesses)
    .values(self)
    .onConflictDoUpdate({ target: jobProcesses.id, set: { lastSeenAt: sql`now()` } })
  await db.delete(jobProcesses).where(sql`${jobProcesses.lastSeenAt} < now() - interval '1 day'`)
}

export async function removeHeartbeat(db: Db, id: string): Promise<void> {
  await db.delete(jobProcesses).where(eq(jobProcesses.id, id))
}

export type JobProcessStatus = JobProcess & { alive: boolean }

/** For /admin/health: the processes that worked the queue lately, the latest first. */
export async function listJobProcesses(db: Db): Promise<JobProcessStatus[]> {
  const staleAfter = sql.raw(`interval '${HEARTBEAT_STALE_AFTER_MS / 1000} seconds'`)
  const rows = await db
    .select({
      process: jobProcesses,
      alive: sql<boolean>`${jobProcesses.lastSeenAt} > now() - ${staleAfter}`,
    })
    .from(jobProcesses)
    .orderBy(desc(jobProcesses.lastSeenAt))
  return rows.map(({ process, alive }) => ({ ...process, alive }))
}
