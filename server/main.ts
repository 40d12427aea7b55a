import './production-by-default.ts'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { broadcastDevReady, installGlobals, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { createDatabase } from '#db/connection.ts'
import { isCrossOriginMutation } from './auth/origin.ts'
import { isClusterWorker, runClusterPrimary, wantsClusterPrimary } from './cluster.ts'
import { bridgeCompresses, limitRequestBody, remixHandler } from './http/express-remix.ts'
import { prepareSchemaAtStart, resolveDatabase } from './database.ts'
import { randomUUID } from 'node:crypto'
import { env } from './env.ts'
import { logger } from './lib/log.ts'
import { createRouteLabeler, metrics } from './lib/metrics.ts'
import { requestContext } from './lib/request-context.ts'
import { createHttpDrain, onProcessFailures, onShutdownSignals } from './lib/shutdown.ts'
import { startOfflineMode } from './offline-mode.ts'
import { seedDevProducts } from './services/catalog/seed-dev-products.ts'
import { seedDemoUsers } from './services/users/seed-demo-users.ts'

/**
 * The process entry for `npm run dev` and `npm start`: resolve the database (DATABASE_URL
 * or the embedded server), apply migrations, seed demo accounts in development (only when
 * NODE_ENV says so, see production-by-default.ts), then serve the Remix build. The build
 * is imported only after DATABASE_URL is final, so its own env/db modules see the right
 * database.
 */
installGlobals({ nativeFetch: true })

const BUILD_PATH = path.resolve('build/index.js')
const isDevelopment = env.NODE_ENV === 'development'

if (!existsSync(BUILD_PATH)) {
  logger.fatal('No build found at build/index.js: run `npm run build` first.')
  process.exit(1)
}

const database = await resolveDatabase()
logger.info(`Database: ${database.description}`)
process.env.DATABASE_URL = database.url

// A cluster worker inherits DATABASE_URL from the primary, which already did this once.
if (!isClusterWorker) {
  logger.info(await prepareSchemaAtStart(database))

  if (isDevelopment) {
    const seeding = createDatabase(database.url, { max: 1 })
    const created = await seedDemoUsers(seeding.db, env.DEMO_PASSWORD)
    const products = await seedDevProducts(seeding.db)
    await seeding.sql.end()
    if (products.length > 0) logger.info(`Example products created: ${products.join(', ')}.`)
    logger.info(
      created.length > 0
        ? `Demo accounts created: ${created.join(', ')} with password "${env.DEMO_PASSWORD}" (DEMO_PASSWORD).`
        : 'Demo accounts admin@demo.test and user@demo.test exist; they keep the password they were created with.',
    )
  }
}

// WEB_CONCURRENCY > 1: this process forks the workers and supervises them; it never serves.
if (wantsClusterPrimary) await runClusterPrimary(database)

const offlineProviders = await startOfflineMode()

type Build = ServerBuild & {
  entry: {
    module: {
      startBackground?: (databaseUrl: string) => Promise<void>
      stopBackground?: (timeoutMs: number) => Promise<void>
      shutdown?: () => Promise<void>
    }
  }
}
const importBuild = async (bust = '') =>
  (await import(pathToFileURL(BUILD_PATH).href + bust)) as Build
let build = await importBuild()
let routeLabel = createRouteLabeler(build.routes)

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', env.TRUST_PROXY)
// Nothing reads Express's req.query (routes read the Fetch Request's URL): no qs parse per request.
app.set('query parser', false)
// Build assets are compressed down to 150 bytes (below that gzip's header outweighs the gain):
// a page asks for all of its modules at once (/billing: 20-odd under 1 KB, which the default
// 1 KB threshold sent as is, 10.5 KB instead of 6.5), and being immutable they are cached
// after the first visit. Other answers keep the default, where compressing a small dynamic
// answer costs more CPU than it saves.
// API answers are compressed by the bridge itself, as this would have (bridgeCompresses): a
// whole JSON body in one call, anything else through compressAnswers there.
const compressAssets = compression({ threshold: 150 })
const compressAnswers = compression()
app.use((req, res, next) => {
  if (req.path.startsWith('/build/')) return compressAssets(req, res, next)
  if (bridgeCompresses(req.path)) return next()
  compressAnswers(req, res, next)
})

// Every request gets an id (the caller's X-Request-Id if sane); every log line carries it.
app.use((req, res, next) => {
  const incoming = req.get('x-request-id')
  const requestId = incoming && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID()
  res.setHeader('X-Request-Id', requestId)
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const path = req.originalUrl.split('?')[0] ?? '/'
    const route = routeLabel(path)
    const status = String(res.statusCode)
    metrics.httpDuration.observe({ method: req.method, route, status }, seconds)
    if (res.statusCode >= 500) metrics.httpErrors.inc({ route, status })
    if (!path.startsWith('/build/')) {
      logger.info(
        {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
        },
        'request',
      )
    }
  })
  requestContext.run({ requestId }, next)
})
app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
// Other public files: only for page-style GETs (a stat() per API call is wasted work).
const publicFiles = express.static('public', { maxAge: '1h' })
app.use((req, res, next) => {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/')) return next()
  publicFiles(req, res, next)
})

// Remix itself answers a cross-origin action with a 500; refuse it here with a clear 403
// before any route runs (routes and tRPC repeat the check for callers that bypass this).
app.use((req, res, next) => {
  const crossOrigin = isCrossOriginMutation({
    method: req.method,
    origin: req.get('origin') ?? null,
    requestOrigin: `${req.protocol}://${req.get('host')}`,
    authorization: req.get('authorization') ?? null,
  })
  if (!crossOrigin) return next()
  res
    .status(403)
    .json({ error: { code: 'CROSS_ORIGIN_REQUEST', message: 'Cross-origin request refused.' } })
})

app.use(limitRequestBody())

const handlerFor = (current: ServerBuild) =>
  remixHandler({
    build: current,
    mode: env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
    compress: compressAnswers,
  })
let handler = handlerFor(build)
app.all('*', (req, res, next) => void handler(req, res, next))

const http = createHttpDrain(app)
const server = createServer(http.listener).listen(env.PORT, env.HOST, () => {
  logger.info(`Ready: http://localhost:${env.PORT}`)
  if (isDevelopment) void broadcastDevReady(build)
  // Also with JOBS_ENABLED=false: the queue then only sends "run now" requests to workers.
  build.entry.module.startBackground?.(database.url).catch((error: unknown) => {
    logger.error({ err: error }, 'The job queue did not start')
  })
})

if (isDevelopment) {
  const { watch } = await import('chokidar')
  watch(BUILD_PATH, { ignoreInitial: true }).on('all', () => {
    void importBuild(`?t=${Date.now()}`).then((next) => {
      build = next
      handler = handlerFor(next)
      routeLabel = createRouteLabeler(next.routes)
      return broadcastDevReady(next)
    })
  })
}

// SIGTERM (issue #11): /readyz answers 503 at once; requests in flight and jobs in progress
// finish side by side within SHUTDOWN_DRAIN_MS; the pool they share closes after both.
onShutdownSignals(
  async (step) => {
    await Promise.all([
      step('HTTP drain', () => http.drain(server, env.SHUTDOWN_DRAIN_MS)),
      step('job queue', async () => build.entry.module.stopBackground?.(env.SHUTDOWN_DRAIN_MS)),
    ])
    await step('database pool', async () => build.entry.module.shutdown?.())
    await step('offline providers', () => offlineProviders.stop())
    // The embedded server stops here only if no other process (a script) still uses it.
    await step('PostgreSQL', () => database.stop())
  },
  { deadlineMs: env.SHUTDOWN_DRAIN_MS + 15_000 },
)
onProcessFailures('a request')
