import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#db/embedded.ts'
import { findPgBouncer } from '#tests/pgbouncer/pgbouncer.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * What the image runs, without a container runtime: deploy/scripts/build.sh in a clean copy
 * of the tree (as the Dockerfile's build stage does after `COPY . .`) makes a release with
 * production dependencies only. Then, set up as deploy/compose.yaml sets it up (the roles of
 * deploy/postgres/init-roles.sh, PgBouncer from deploy/pgbouncer/pgbouncer.ini in transaction
 * mode, a one-shot migration as the owner, DATABASE_PREPARE=false), the operator scripts
 * create the first admin and a token, and deploy/scripts/start-web.sh and start-worker.sh
 * serve /healthz from that release.
 */
const ROOT = process.cwd()
// Outside the checkout: a copy of the tree there would be seen by tsc and eslint.
const WORK = mkdtempSync(path.join(tmpdir(), 'skypanel-packaging-'))
const SOURCE = path.join(WORK, 'src')
const RELEASE = path.join(WORK, 'release')
const SESSION_SECRET = 'packaging-check-session-secret-0123456789'
const OWNER_PASSWORD = 'packagingOwner2026'
const APP_PASSWORD = 'packagingApp2026'

type Result = { code: number | null; stdout: string; stderr: string }

/** Runs to completion within `timeoutMs` (then SIGKILL, and a failure that says so). */
function run(
  command: string,
  args: string[],
  options: {
    cwd: string
    env: NodeJS.ProcessEnv
    input?: string
    timeoutMs: number
  },
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `${command} ${args.join(' ')} took over ${options.timeoutMs / 1000} s:\n${stdout}\n${stderr}`,
        ),
      )
    }, options.timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

/** The tree as `COPY . .` sees it: tracked and untracked files, .gitignore honoured. */
function copySourceTree(): void {
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter(
      (file) =>
        file && existsSync(path.join(ROOT, file)) && statSync(path.join(ROOT, file)).isFile(),
    )
  for (const file of files) {
    mkdirSync(path.dirname(path.join(SOURCE, file)), { recursive: true })
    copyFileSync(path.join(ROOT, file), path.join(SOURCE, file))
  }
  // The build stage's `npm ci` (all dependencies): the checkout's own install.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(SOURCE, 'node_modules'), 'dir')
}

/** A clean environment: only what a service manager would pass, plus the app's settings. */
function releaseEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', ...settings }
  for (const name of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'npm_config_cache']) {
    if (process.env[name]) env[name] = process.env[name]
  }
  return env
}

/** psql, for init-roles.sh: on PATH or from a Debian PostgreSQL (.ci/run installs one). */
function findPsqlDirectory(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(':'),
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql').map((version) => `/usr/lib/postgresql/${version}/bin`)
      : []),
  ]
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'psql')))
  if (!found) throw new Error('packaging: psql not found (apt-get install -y postgresql-client).')
  return found
}

function waitForPort(port: number, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline) reject(new Error(`nothing listened on ${port}:\n${log()}`))
        else setTimeout(attempt, 100)
      })
    }
    attempt()
  })
}

/** PgBouncer with compose's pgbouncer.ini, only host, ports and paths changed for this host. */
async function startPgBouncer(binary: string, postgresPort: number): Promise<number> {
  const port = await freePort()
  const dir = path.join(WORK, 'pgbouncer')
  mkdirSync(dir, { mode: 0o755 })
  const authFile = path.join(dir, 'userlist.txt')
  let ini = readFileSync(path.join(SOURCE, 'deploy/pgbouncer/pgbouncer.ini'), 'utf8')
  for (const [from, to] of [
    ['host=postgres port=5432', `host=127.0.0.1 port=${postgresPort}`],
    ['listen_addr = 0.0.0.0', 'listen_addr = 127.0.0.1'],
    ['listen_port = 6432', `listen_port = ${port}`],
    ['auth_file = /etc/pgbouncer/userlist.txt', `auth_file = ${authFile}`],
  ] as const) {
    if (!ini.includes(from)) throw new Error(`deploy/pgbouncer/pgbouncer.ini has no "${from}"`)
    ini = ini.replace(from, to)
  }
  // No socket directory here.
  ini += 'unix_socket_dir =\n'
  writeFileSync(path.join(dir, 'pgbouncer.ini'), ini, { mode: 0o644 })
  // The image's own entrypoint: it writes the auth_file and drops root.
  const bouncer = start('pgbouncer', 'sh', [path.join(SOURCE, 'deploy/pgbouncer/entrypoint.sh')], {
    DB_USER: 'skypanel_app',
    DB_PASSWORD: APP_PASSWORD,
    AUTH_FILE: authFile,
    PGBOUNCER_INI: path.join(dir, 'pgbouncer.ini'),
    PGBOUNCER_BIN: binary,
  })
  await waitForPort(port, 15_000, bouncer.output)
  return port
}

let database: EmbeddedDatabase
let appEnv: Record<string, string> = {}
let migrateEnv: Record<string, string> = {}
const services: { name: string; child: ChildProcess; output: () => string }[] = []

function start(name: string, command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: RELEASE, env: releaseEnv({ ...appEnv, ...env }) })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const service = { name, child, output: () => output }
  services.push(service)
  return service
}

async function waitForHealth(url: string, service: { child: ChildProcess; output: () => string }) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(`exited with ${service.child.exitCode}:\n${service.output()}`)
    }
    const response = await fetch(url).catch(() => null)
    if (response?.status === 200) return
    await sleep(250)
  }
  throw new Error(`${url} did not answer 200 within 90 s:\n${service.output()}`)
}

function stopped(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

beforeAll(async () => {
  const psqlDirectory = findPsqlDirectory()
  // PostgreSQL and PgBouncer run as the postgres user when this runs as root.
  chmodSync(WORK, 0o755)
  copySourceTree()
  const build = await run(path.join(SOURCE, 'deploy/scripts/build.sh'), [RELEASE], {
    cwd: SOURCE,
    env: process.env,
    timeoutMs: 300_000,
  })
  if (build.code !== 0) {
    throw new Error(
      `deploy/scripts/build.sh failed (${build.code}):\n${build.stdout}\n${build.stderr}`,
    )
  }
  database = await startEmbeddedPostgres({
    dir: path.join(WORK, 'pg'),
    port: await freePort(),
    database: 'postgres',
    persistent: false,
  })
  const server = new URL(database.url)
  const roles = await run(path.join(SOURCE, 'deploy/postgres/init-roles.sh'), [], {
    cwd: SOURCE,
    env: {
      ...process.env,
      PATH: `${psqlDirectory}:${process.env.PATH ?? ''}`,
      PGHOST: server.hostname,
      PGPORT: server.port,
      PGPASSWORD: decodeURIComponent(server.password),
      POSTGRES_USER: decodeURIComponent(server.username),
      SKYPANEL_OWNER_PASSWORD: OWNER_PASSWORD,
      SKYPANEL_APP_PASSWORD: APP_PASSWORD,
    },
    timeoutMs: 60_000,
  })
  if (roles.code !== 0) throw new Error(`init-roles.sh failed:\n${roles.stdout}\n${roles.stderr}`)

  const direct = (role: string, password: string, port = server.port) =>
    `postgres://${role}:${password}@127.0.0.1:${port}/skypanel`
  migrateEnv = {
    MIGRATION_DATABASE_URL: direct('skypanel_owner', OWNER_PASSWORD),
    DATABASE_URL: direct('skypanel_app', APP_PASSWORD),
  }
  const pgbouncer = findPgBouncer()
  if (!pgbouncer) {
    console.warn('!!! packaging: pgbouncer not found; the release talks to PostgreSQL directly.')
  }
  const appPort = pgbouncer
    ? String(await startPgBouncer(pgbouncer, Number(server.port)))
    : server.port
  appEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: direct('skypanel_app', APP_PASSWORD, appPort),
    // Needed behind PgBouncer, and works only with the driver patch the release's
    // postinstall applied (begin() without pipelining).
    DATABASE_PREPARE: 'false',
    MIGRATE_ON_START: 'false',
    SESSION_SECRET,
    ALLOW_OFFLINE_PAYMENTS: 'true',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  }
}, 420_000)

afterAll(async () => {
  for (const { child } of services) if (child.exitCode === null) child.kill('SIGKILL')
  await database?.stop()
  rmSync(WORK, { recursive: true, force: true })
})

describe('a release made by deploy/scripts/build.sh', () => {
  const npm = (args: string[], input?: string, env: Record<string, string> = {}) =>
    run('npm', ['run', '--silent', ...args], {
      cwd: RELEASE,
      env: releaseEnv({ ...appEnv, ...env }),
      input,
      timeoutMs: 120_000,
    })
  const node = (script: string, args: string[]) =>
    run('node', [script, ...args], { cwd: RELEASE, env: releaseEnv(appEnv), timeoutMs: 120_000 })
  let adminToken = ''

  it('holds production dependencies only, with the patched postgres driver', () => {
    for (const devOnly of ['tsx', 'vitest', 'esbuild', '@remix-run/dev', 'typescript-eslint']) {
      expect(existsSync(path.join(RELEASE, 'node_modules', devOnly)), devOnly).toBe(false)
    }
    const driver = readFileSync(
      path.join(RELEASE, 'node_modules/postgres/src/connection.js'),
      'utf8',
    )
    expect(driver).toContain('skypanel: closed socket')
    expect(driver).toContain('skypanel: onexecute without pipelining')
    for (const file of ['build/main.js', 'build/index.js', 'build/scripts/user-create.js']) {
      expect(existsSync(path.join(RELEASE, file)), file).toBe(true)
    }
  })

  it('npm run db:migrate migrates as the owner, as compose migrates (no tsx)', async () => {
    const result = await npm(['db:migrate'], undefined, migrateEnv)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Migrations: [1-9]\d* applied/)
  })

  it('npm run user:create makes the first admin with the password on stdin, never from argv', async () => {
    const refused = await npm([
      'user:create',
      '--',
      '--email',
      'root@release.test',
      '--name',
      'Root',
      '--password=x',
    ])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--password is refused')

    const created = await npm(
      ['user:create', '--', '--email', 'root@release.test', '--name', 'Root', '--role', 'admin'],
      'release-admin-password-2026\n',
    )
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toContain('Created admin root@release.test')
  })

  it('token:create prints an admin token once, on stdout alone', async () => {
    const result = await node('build/scripts/token-create.js', [
      '--email',
      'root@release.test',
      '--scopes',
      'admin',
    ])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^spk_\S+\n$/)
    adminToken = result.stdout.trim()
    expect(result.stderr).toContain('shown only once')
  })

  it('ledger:verify finds the ledger consistent', async () => {
    const result = await node('build/scripts/ledger-verify.js', [])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('OK: every balance equals its journal')
  })

  it('start-web.sh and start-worker.sh serve /healthz; the token works; both stop on SIGTERM', async () => {
    const webPort = await freePort()
    const workerPort = await freePort()
    const web = start('web', path.join(RELEASE, 'deploy/scripts/start-web.sh'), [], {
      PORT: String(webPort),
      JOBS_ENABLED: 'false',
    })
    const worker = start('worker', path.join(RELEASE, 'deploy/scripts/start-worker.sh'), [], {
      WORKER_HEALTH_PORT: String(workerPort),
    })
    await waitForHealth(`http://127.0.0.1:${webPort}/healthz`, web)
    await waitForHealth(`http://127.0.0.1:${workerPort}/healthz`, worker)

    const check = await node('deploy/scripts/healthcheck.mjs', [String(webPort)])
    expect(check.code, check.stderr).toBe(0)

    const cli = await run('npm', ['run', '--silent', 'cli', '--', 'plans:list', '--json'], {
      cwd: RELEASE,
      env: releaseEnv({ ...appEnv, API_URL: `http://127.0.0.1:${webPort}`, API_TOKEN: adminToken }),
      timeoutMs: 120_000,
    })
    expect(cli.code, cli.stderr).toBe(0)
    expect(JSON.parse(cli.stdout)).toEqual(expect.any(Array))

    web.child.kill('SIGTERM')
    worker.child.kill('SIGTERM')
    expect(await stopped(web.child, 30_000), web.output()).toBe(0)
    expect(await stopped(worker.child, 30_000), worker.output()).toBe(0)

    // They went through compose's PgBouncer configuration, as the application role.
    const bouncer = services.find((service) => service.name === 'pgbouncer')
    if (bouncer) expect(bouncer.output()).toMatch(/login attempt: db=skypanel user=skypanel_app/)
  })
})
