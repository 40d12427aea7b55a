import PgBoss from 'pg-boss'
import type { Db } from '#db/client.ts'
import { env } from '#server/env.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { retryWithBackoff, type RetryOptions } from '#server/lib/backoff.ts'
import { log, logError } from '#server/lib/log.ts'
import { metrics } from '#server/lib/metrics.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { deliverDueEvents } from '#server/services/provisioning/deliver-due-events.ts'
import {
  HEARTBEAT_INTERVAL_MS,
  recordHeartbeat,
  removeHeartbeat,
  thisJobProcess,
} from '#server/services/health/job-processes.ts'
import {
  runLedgerCheck,
  runVirtFusionReconciliation,
} from '#server/services/health/system-checks.ts'
import { reconcileRefunds } from '#server/services/payments/reconcile-refunds.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { linkPendingVirtFusionUsers } from '#server/services/virtfusion/link-pending-users.ts'
import { sendDueAdminTokenGrants } from '#server/services/virtfusion/send-admin-token-grant.ts'
import { clearJobSender, setJobSender, type JobName, type JobSender } from './requests.ts'

type Handlers = Partial<Record<JobName, (data: Record<string, unknown>) => Promise<unknown>>>

/** Recurring work; each job is also a sweep, so a lost "run now" request only delays it. */
const SCHEDULES: [JobName, string][] = [
  ['reconcile-topups', '*/2 * * * *'],
  ['link-virtfusion-users', '* * * * *'],
  ['deliver-virtfusion-tokens', '* * * * *'],
  ['cancel-virtfusion-credit', '*/5 * * * *'],
  ['renew-dns-subscriptions', '5 * * * *'],
  ['verify-ledger', '30 3 * * *'],
  ['reconcile-virtfusion', '45 3 * * *'],
  ['reconcile-refunds', '15 4 * * *'],
  ['deliver-service-events', '* * * * *'],
  ['deliver-mail', '* * * * *'],
]

export type JobQueue = { stop: (options?: { timeoutMs?: number }) => Promise<void>; boss: PgBoss }

let running: { boss: PgBoss; queues: JobName[] } | null = null

/** For /readyz and /metrics: is the queue running here, and how much is waiting. */
export async function jobQueueStatus(): Promise<{
  running: boolean
  depth: Partial<Record<JobName, number>>
}> {
  if (!running) return { running: false, depth: {} }
  const depth: Partial<Record<JobName, number>> = {}
  for (const queue of running.queues) {
    depth[queue] = await running.boss.getQueueSize(queue)
    metrics.jobQueueDepth.set({ queue }, depth[queue] ?? 0)
  }
  return { running: true, depth }
}

/**
 * The PostgreSQL-backed job queue (pg-boss, ADR 005). Jobs only call services; every
 * service is idempotent and guarded by database state, so a job that runs twice (two
 * workers, a retry) does no harm.
 */
export async function startJobQueue(options: {
  databaseUrl: string
  db: Db
  providers: Providers
  extraHandlers?: Handlers
  /**
   * 'worker' (default) works every queue and runs the schedules. 'send-only' (a web
   * process with JOBS_ENABLED=false) only sends "run now" requests, for the workers
   * elsewhere (ADR 016).
   */
  mode?: 'worker' | 'send-only'
  /** Shown on /admin/health for a process that works the queue. */
  processRole?: 'web' | 'worker'
  /** pg-boss's own pool; JOBS_POOL_MAX by default. */
  poolMax?: number
  /** Ends the retrying of a start that keeps failing (shutdown while starting). */
  signal?: AbortSignal
  retry?: Pick<RetryOptions, 'firstDelayMs' | 'maxDelayMs'>
}): Promise<JobQueue> {
  const { db, providers } = options
  // Aborted when stop() begins: a sweep that checks it claims no more work, and finishes
  // what it holds within the drain (the mail and webhook sweeps: ADR 026 addendum).
  const stopping = new AbortController()
  const handlers: Handlers = {
    'deliver-virtfusion-tokens': async (data) =>
      typeof data.topupId === 'number'
        ? deliverVirtFusionTokens(db, providers, data.topupId)
        : {
            topups: await runDueDeliveries(db, providers),
            adminGrants: await sendDueAdminTokenGrants(db, providers),
          },
    'cancel-virtfusion-credit': (data) =>
      cancelPendingVirtFusionCredits(
        db,
        providers,
        typeof data.tokenTransactionId === 'number' ? data.tokenTransactionId : undefined,
      ),
    'link-virtfusion-users': () => linkPendingVirtFusionUsers(db, providers),
    'reconcile-topups': () => reconcileTopups(db, providers),
    'renew-dns-subscriptions': () => runRenewals(db),
    'verify-ledger': () => runLedgerCheck(db),
    'reconcile-virtfusion': () => runVirtFusionReconciliation(db, providers),
    'reconcile-refunds': () => reconcileRefunds(db, providers),
    'deliver-service-events': () => deliverDueEvents(db, { signal: stopping.signal }),
    'deliver-mail': () => deliverDueMail(db, { signal: stopping.signal }),
    ...options.extraHandlers,
  }

  // A start that fails (two instances creating the queues at once deadlock, 40P01; the
  // database is not up yet) is repeated until it succeeds or the process stops.
  const works = (options.mode ?? 'worker') === 'worker'
  const boss = await retryWithBackoff(
    () =>
      startBoss(options.databaseUrl, works ? handlers : null, options.poolMax ?? env.JOBS_POOL_MAX),
    {
      ...options.retry,
      signal: options.signal,
      onRetry: (error, attempt, delayMs) =>
        logError('The job queue did not start; trying again', error, { attempt, delayMs }),
    },
  )

  const send: JobSender = async (name, data) => {
    const id = await boss.send(name, data, { retryLimit: 5, retryDelay: 30, retryBackoff: true })
    // pg-boss drops a job for a queue that does not exist yet: no worker has started.
    if (id === null) throw new Error(`Job queue "${name}" does not exist yet (no worker started)`)
  }
  setJobSender(send)
  const heartbeat = works ? startHeartbeat(db, options.processRole ?? 'web') : null
  if (works) running = { boss, queues: Object.keys(handlers) as JobName[] }
  log.info(works ? 'job queue started' : 'job queue started (send-only)', {
    queues: works ? Object.keys(handlers) : [],
  })
  return {
    boss,
    /** No new jobs are fetched; jobs in progress get up to `timeoutMs` to finish. */
    stop: async ({ timeoutMs = 10_000 } = {}) => {
      stopping.abort()
      if (running?.boss === boss) running = null
      clearJobSender(send)
      await heartbeat?.stop()
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs })
    },
  }
}

/** The job_processes row of this process, kept fresh while it works the queue. */
function startHeartbeat(db: Db, role: 'web' | 'worker'): { stop: () => Promise<void> } {
  const self = thisJobProcess(role)
  const beat = () =>
    recordHeartbeat(db, self).catch((error: unknown) => logError('job heartbeat failed', error))
  let latest = beat()
  const timer = setInterval(() => {
    latest = beat()
  }, HEARTBEAT_INTERVAL_MS)
  timer.unref()
  return {
    stop: async () => {
      clearInterval(timer)
      // A beat still on its way would put the row back after the delete.
      await latest
      await removeHeartbeat(db, self.id).catch(() => {})
    },
  }
}

/**
 * One attempt, on a new instance: a PgBoss whose start failed never starts again. Without
 * handlers it only sends: no maintenance, no schedules, and no changes to pg-boss's schema
 * (its start fails until the migrations or a worker have installed it, and is retried).
 */
async function startBoss(
  databaseUrl: string,
  handlers: Handlers | null,
  poolMax: number,
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: poolMax,
    application_name: handlers ? 'skypanel-jobs' : 'skypanel-jobs-send',
    ...(handlers ? {} : { supervise: false, schedule: false, migrate: false }),
  })
  boss.on('error', (error) => logError('job queue error', error))
  try {
    await boss.start()
    if (!handlers) return boss
    for (const [name, handler] of Object.entries(handlers) as [
      JobName,
      NonNullable<Handlers[JobName]>,
    ][]) {
      await boss.createQueue(name)
      await boss.work<Record<string, unknown>>(
        name,
        { pollingIntervalSeconds: 1 },
        async ([job]) => {
          if (!job) return
          try {
            await handler(job.data ?? {})
          } catch (error) {
            metrics.jobFailures.inc({ queue: name })
            logError('job failed', error, { job: name, id: job.id })
            throw error
          }
        },
      )
    }
    for (const [name, cron] of SCHEDULES) await boss.schedule(name, cron)
    return boss
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {})
    // stop() does nothing for an instance whose start() failed, but start() had already
    // opened its pool: close it, or every retry leaves one behind.
    await (boss.getDb() as PgBoss.Db & { close?: () => Promise<void> }).close?.().catch(() => {})
    throw error
  }
}
