import './production-by-default.ts'
import { createDatabase } from '#db/connection.ts'
import { prepareSchemaAtStart, resolveDatabase } from './database.ts'
import { env } from './env.ts'
import { startHealthServer } from './http/health-server.ts'
import { getProviders } from './integrations/providers.ts'
import { jobQueueStatus, startJobQueue, type JobQueue } from './jobs/queue.ts'
import { logger } from './lib/log.ts'
import { metrics } from './lib/metrics.ts'
import { onProcessFailures, onShutdownSignals } from './lib/shutdown.ts'
import { startOfflineMode } from './offline-mode.ts'
import { checkReadiness } from './services/health/readiness.ts'

/**
 * `npm run worker`: the job queue without the web app (ADR 016). Web processes with
 * JOBS_ENABLED=false only send "run now" requests; processes like this one work them and
 * run the schedules. No app HTTP: /healthz and /readyz on WORKER_HEALTH_PORT for probes,
 * and a heartbeat row that /admin/health lists. The database is resolved like the web's
 * (DATABASE_URL or the shared embedded server), and its own pool is opened on it: the
 * shared `#db/client.ts` pool reads DATABASE_URL at import, before it is resolved here.
 */
const database = await resolveDatabase()
logger.info(`Database: ${database.description}`)
process.env.DATABASE_URL = database.url

logger.info(await prepareSchemaAtStart(database))

const { db, sql } = createDatabase(database.url, { max: env.DATABASE_POOL_MAX })

// Offline mode: the simulated providers keep their records in the database, so this worker
// and the web processes see the same ones.
const offlineProviders = await startOfflineMode()

const health = await startHealthServer({
  host: env.HOST,
  port: env.WORKER_HEALTH_PORT,
  readiness: () => checkReadiness(db, { worksJobs: true }),
  metrics: env.METRICS_TOKEN
    ? {
        token: env.METRICS_TOKEN,
        render: async () => {
          await jobQueueStatus().catch(() => undefined)
          return {
            body: await metrics.registry.metrics(),
            contentType: metrics.registry.contentType,
          }
        },
      }
    : undefined,
})
logger.info(`Worker health: http://localhost:${health.port}/healthz and /readyz`)

// Started in the background: until it runs (it retries), /readyz says not ready, and a
// SIGTERM meanwhile ends the retrying.
const starting = new AbortController()
let queue: JobQueue | null = null
const queueStarted = startJobQueue({
  databaseUrl: database.url,
  db,
  providers: getProviders(),
  mode: 'worker',
  processRole: 'worker',
  signal: starting.signal,
}).then(
  (started) => (queue = started),
  (error: unknown) => {
    if (!starting.signal.aborted) logger.error({ err: error }, 'The job queue did not start')
  },
)

// SIGTERM: no new jobs; jobs in progress finish within SHUTDOWN_DRAIN_MS (/readyz answers
// 503 meanwhile: the queue no longer runs), then the pool they use and the rest close.
onShutdownSignals(
  async (step) => {
    starting.abort()
    await step('job queue', async () => {
      await queueStarted
      await queue?.stop({ timeoutMs: env.SHUTDOWN_DRAIN_MS })
    })
    await step('health server', () => health.close())
    await step('database pool', () => sql.end({ timeout: 5 }))
    await step('offline providers', () => offlineProviders.stop())
    // The embedded server stops here only if no other process still uses it.
    await step('PostgreSQL', () => database.stop())
  },
  { deadlineMs: env.SHUTDOWN_DRAIN_MS + 15_000 },
)

onProcessFailures('a job')
