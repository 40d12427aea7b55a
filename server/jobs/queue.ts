import PgBoss from 'pg-boss'
import type { Db } from '#db/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { log, logError } from '#server/lib/log.ts'
import { metrics } from '#server/lib/metrics.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
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
import { setJobSender, type JobName } from './requests.ts'

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
]

export type JobQueue = { stop: () => Promise<void>; boss: PgBoss }

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
}): Promise<JobQueue> {
  const { db, providers } = options
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
    ...options.extraHandlers,
  }

  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    max: 4,
    application_name: 'skypanel-jobs',
  })
  boss.on('error', (error) => logError('job queue error', error))
  await boss.start()
  for (const [name, handler] of Object.entries(handlers) as [
    JobName,
    NonNullable<Handlers[JobName]>,
  ][]) {
    await boss.createQueue(name)
    await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: 1 }, async ([job]) => {
      if (!job) return
      try {
        await handler(job.data ?? {})
      } catch (error) {
        metrics.jobFailures.inc({ queue: name })
        logError('job failed', error, { job: name, id: job.id })
        throw error
      }
    })
  }
  for (const [name, cron] of SCHEDULES) await boss.schedule(name, cron)

  running = { boss, queues: Object.keys(handlers) as JobName[] }
  setJobSender(async (name, data) => {
    await boss.send(name, data, { retryLimit: 5, retryDelay: 30, retryBackoff: true })
  })
  log.info('job queue started', { queues: Object.keys(handlers) })
  return {
    boss,
    stop: async () => {
      running = null
      setJobSender(null)
      await boss.stop({ graceful: true, timeout: 10_000 })
    },
  }
}
