import cluster, { type Worker } from 'node:cluster'
import { env } from './env.ts'
import { logger } from './lib/log.ts'
import { onProcessFailures, onShutdownSignals } from './lib/shutdown.ts'

/**
 * WEB_CONCURRENCY web workers on one port (node:cluster, ADR 031). server/main.ts runs in
 * the primary up to the database (resolving it, starting the embedded server, migrating,
 * seeding), then hands over to `runClusterPrimary`, which forks the workers and never serves
 * itself. Each worker runs the rest of main.ts as a single process would: the offline
 * providers (msw intercepts in its own process; their records are in the database), the
 * Remix build, the HTTP server and its drain. Only worker 1 works the job queue; the others
 * send "run now" requests only (JOBS_ENABLED=false), so schedules, sweeps and pg-boss's
 * pool exist once however many workers there are.
 *
 * WEB_CONCURRENCY=1 (the default): no primary, one process exactly as before.
 */
export const isClusterWorker = cluster.isWorker
export const wantsClusterPrimary = cluster.isPrimary && env.WEB_CONCURRENCY > 1

const SLOT_VARIABLE = 'WEB_WORKER_SLOT'
/** A worker that lived shorter than this failed at start: its restart waits longer each time. */
const HEALTHY_AFTER_MS = 10_000
const RESTART_DELAY_MS = { first: 500, max: 30_000 }

/** Delay before restarting a worker that died after `failures` quick deaths in a row. */
export function restartDelayMs(failures: number): number {
  return Math.min(RESTART_DELAY_MS.max, RESTART_DELAY_MS.first * 2 ** Math.max(0, failures - 1))
}

type Slot = { number: number; worker: Worker | null; startedAt: number; quickDeaths: number }

/**
 * The primary: forks the workers, restarts one that dies unexpectedly (with a backoff), and
 * on SIGTERM/SIGINT passes SIGTERM to every worker (each drains its requests in flight and
 * its jobs, then closes its pool), waits for them all, and stops the database last. Never
 * resolves: the process ends through the shutdown.
 */
export async function runClusterPrimary(database: { stop: () => Promise<void> }): Promise<never> {
  const count = env.WEB_CONCURRENCY
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    worker: null,
    startedAt: 0,
    quickDeaths: 0,
  }))
  const restartTimers = new Set<NodeJS.Timeout>()
  let stopping = false
  let listening = 0

  const fork = (slot: Slot) => {
    const worker = cluster.fork({
      [SLOT_VARIABLE]: String(slot.number),
      // One job runner: worker 1 keeps the operator's JOBS_ENABLED, the others only send.
      ...(slot.number === 1 ? {} : { JOBS_ENABLED: 'false' }),
    })
    slot.worker = worker
    slot.startedAt = Date.now()
    worker.once('listening', () => {
      listening++
      if (listening === count)
        logger.info(`Ready: http://localhost:${env.PORT} (${count} web workers)`)
    })
    worker.once('exit', (code, signal) => {
      slot.worker = null
      if (stopping) return
      const lived = Date.now() - slot.startedAt
      slot.quickDeaths = lived < HEALTHY_AFTER_MS ? slot.quickDeaths + 1 : 0
      const delay = restartDelayMs(slot.quickDeaths)
      logger.error(
        { worker: slot.number, pid: worker.process.pid, code, signal, livedMs: lived },
        `Web worker ${slot.number} (pid ${worker.process.pid}) exited unexpectedly ` +
          `(${signal ?? `code ${code}`}); restarting it in ${delay} ms.`,
      )
      const timer = setTimeout(() => {
        restartTimers.delete(timer)
        if (!stopping) fork(slot)
      }, delay)
      restartTimers.add(timer)
    })
  }

  const stopWorkers = async () => {
    stopping = true
    for (const timer of restartTimers) clearTimeout(timer)
    const running = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []))
    const exits = running.map(
      (worker) =>
        new Promise<number | null>((resolve) => {
          if (worker.process.exitCode !== null) return resolve(worker.process.exitCode)
          worker.process.once('exit', (code) => resolve(code))
        }),
    )
    // Past the workers' own shutdown deadline (drain + 15 s) a worker is hung: kill it.
    const kill = setTimeout(() => {
      for (const worker of running) worker.process.kill('SIGKILL')
    }, env.SHUTDOWN_DRAIN_MS + 20_000)
    for (const worker of running) worker.process.kill('SIGTERM')
    const codes = await Promise.all(exits)
    clearTimeout(kill)
    const failed = codes.filter((code) => code !== 0).length
    if (failed > 0)
      throw new Error(`${failed} of ${running.length} web workers stopped with errors`)
  }

  onShutdownSignals(
    async (step) => {
      await step('web workers', stopWorkers)
      // The embedded server stops here only if no other process (a script) still uses it.
      await step('PostgreSQL', () => database.stop())
    },
    { deadlineMs: env.SHUTDOWN_DRAIN_MS + 30_000 },
  )
  onProcessFailures('a request')

  logger.info(
    `Starting ${count} web workers (WEB_CONCURRENCY)` +
      (env.JOBS_ENABLED ? '; worker 1 works the job queue.' : '.'),
  )
  for (const slot of slots) fork(slot)
  return new Promise<never>(() => {})
}
