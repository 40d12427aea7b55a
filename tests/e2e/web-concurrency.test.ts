import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * WEB_CONCURRENCY=2 on the production build (ADR 031): a primary on its own embedded
 * PostgreSQL and two workers answering on one port; SIGTERM to the primary lets the writes
 * in flight in both workers finish and commit, then every process ends, PostgreSQL last.
 */
const embeddedDir = path.resolve(`tests/.tmp/pg-e2e-cluster-${process.pid}`)
const embeddedPort = await freePort()
const embedded = { dir: embeddedDir, port: embeddedPort, database: 'skypanel' }

afterAll(async () => {
  // If the app left its server running, join it and leave as its last user.
  if (existsSync(path.join(embeddedDir, 'postmaster.pid')))
    await (await openSharedEmbeddedPostgres(embedded)).stop()
  rmSync(embeddedDir, { recursive: true, force: true })
  rmSync(`${embeddedDir}.password`, { force: true })
  rmSync(`${embeddedDir}.app-password`, { force: true })
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** One request on a connection of its own, so the primary hands each to the next worker. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** Which process (instance "host:pid") logged each request line for `path`. */
function pidsAnswering(output: string, method: string, requestPath: string): Set<number> {
  const pids = new Set<number>()
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue
    const entry = JSON.parse(line) as {
      msg?: string
      method?: string
      path?: string
      instance?: string
    }
    if (entry.msg === 'request' && entry.method === method && entry.path === requestPath)
      pids.add(Number(entry.instance?.split(':').pop()))
  }
  return pids
}

/** The log messages of one process, in order. */
function messagesOf(output: string, pid: number): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; instance?: string })
    .filter((entry) => Number(entry.instance?.split(':').pop()) === pid)
    .map((entry) => entry.msg ?? '')
}

describe('WEB_CONCURRENCY=2', () => {
  it('two workers answer, a killed one is replaced; SIGTERM lets the writes in flight commit, then every process ends', async () => {
    rmSync(embeddedDir, { recursive: true, force: true })
    rmSync(`${embeddedDir}.password`, { force: true })
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
        DATABASE_URL: '',
        EMBEDDED_PG_DIR: embeddedDir,
        EMBEDDED_PG_PORT: String(embeddedPort),
        WEB_CONCURRENCY: '2',
        SHUTDOWN_DRAIN_MS: '60000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      app.on('exit', (code, signal) => resolve({ code, signal })),
    )
    let direct: ReturnType<typeof createDatabase> | null = null
    let holder: Awaited<ReturnType<ReturnType<typeof createDatabase>['sql']['reserve']>> | null =
      null
    try {
      await vi.waitFor(() => expect(output).toContain('(2 web workers)'), {
        timeout: 120_000,
        interval: 100,
      })

      // Each request on a new connection: both workers answer, neither is the primary.
      for (let i = 0; i < 6; i++) expect((await send(`${baseUrl}/healthz`)).status).toBe(200)
      await vi.waitFor(() => expect(pidsAnswering(output, 'GET', '/healthz').size).toBe(2), {
        timeout: 10_000,
        interval: 100,
      })
      const first = [...pidsAnswering(output, 'GET', '/healthz')]
      expect(first).not.toContain(app.pid)

      // A worker that dies is logged and replaced; the port keeps answering meanwhile.
      process.kill(first[0]!, 'SIGKILL')
      await vi.waitFor(
        () => expect(output).toMatch(new RegExp(`pid ${first[0]}\\) exited unexpectedly`)),
        { timeout: 10_000, interval: 50 },
      )
      await vi.waitFor(
        async () => {
          for (let i = 0; i < 4; i++) await send(`${baseUrl}/readyz`)
          expect(pidsAnswering(output, 'GET', '/readyz').size).toBe(2)
        },
        { timeout: 60_000, interval: 500 },
      )
      const replacement = [...pidsAnswering(output, 'GET', '/readyz')].find(
        (pid) => !first.includes(pid),
      )
      expect(replacement).toBeDefined()
      const workers = [first[1]!, replacement!]
      expect(isAlive(first[0]!)).toBe(false)
      for (const pid of workers) {
        const parent = Number(
          readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
        )
        expect(parent).toBe(app.pid)
      }

      // The superuser's own connection, not one of the embedded server's registered users.
      const password = readFileSync(`${embeddedDir}.password`, 'utf8').trim()
      direct = createDatabase(
        `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${embeddedPort}/skypanel`,
        { max: 3 },
      )
      const adminPassword = 'cluster-admin-password-1'
      await createUser(
        direct.db,
        { name: 'Cluster Admin', email: 'cluster-admin@e2e.test', password: adminPassword },
        { role: 'admin' },
      )
      const customer = await createUser(direct.db, {
        name: 'Cluster Customer',
        email: 'cluster-customer@e2e.test',
        password: adminPassword,
      })
      const session = await new Promise<string>((resolve, reject) => {
        const req = request(
          `${baseUrl}/login`,
          {
            method: 'POST',
            agent: false,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
          },
          (res) => {
            res.resume()
            const cookie = res.headers['set-cookie']?.[0]?.split(';')[0]
            if (res.statusCode === 302 && cookie) resolve(cookie)
            else reject(new Error(`login gave no cookie (${res.statusCode})`))
          },
        )
        req.end(
          new URLSearchParams({
            email: 'cluster-admin@e2e.test',
            password: adminPassword,
            redirectTo: '/',
          }).toString(),
        )
      })

      // The customer's balance row held by another transaction: every write below waits on
      // it, in both workers, when SIGTERM reaches the primary.
      holder = await direct.sql.reserve()
      await holder`insert into user_credits (user_id) values (${customer.id}) on conflict do nothing`
      await holder`begin`
      await holder`select 1 from user_credits where user_id = ${customer.id} for update`
      const keys = ['cluster-key-1', 'cluster-key-2', 'cluster-key-3', 'cluster-key-4']
      const answered: string[] = []
      const writes = keys.map((idempotencyKey) =>
        send(`${baseUrl}/api/admin/users/${customer.id}/custom-credits`, {
          method: 'POST',
          headers: { Cookie: session, Origin: baseUrl, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            amount: '1.25',
            reason: 'credited during a drain',
            idempotencyKey,
          }),
        }).then((answer) => (answered.push(idempotencyKey), answer)),
      )
      await vi.waitFor(
        async () => {
          const [row] = await direct!.sql<{ waiting: number }[]>`
            select count(*)::int as waiting from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`
          expect(answered, 'answered before SIGTERM').toEqual([])
          expect(row!.waiting).toBe(keys.length)
        },
        { timeout: 60_000, interval: 100 },
      )
      app.kill('SIGTERM')
      await vi.waitFor(() => expect(output.split('Shutdown: draining HTTP').length - 1).toBe(2), {
        timeout: 30_000,
        interval: 50,
      })
      expect(output).not.toContain('Stopped')
      await holder`rollback`
      holder.release()
      holder = null
      const answers = await Promise.all(writes)
      expect(
        answers.map((a) => a.status),
        JSON.stringify(answers),
      ).toEqual([200, 200, 200, 200])
      const creditPath = `/api/admin/users/${customer.id}/custom-credits`
      await direct.sql.end({ timeout: 5 })
      direct = null

      expect(await exited, output).toEqual({ code: 0, signal: null })
      expect(output).not.toMatch(/were cut/)
      expect(output.match(/exited unexpectedly/g)).toHaveLength(1)
      // The writes were served by both workers; the primary stopped PostgreSQL after them.
      expect(pidsAnswering(output, 'POST', creditPath)).toEqual(new Set(workers))
      const primary = messagesOf(output, app.pid!)
      const workersDone = primary.findIndex((msg) => msg.startsWith('Shutdown: web workers done'))
      expect(workersDone, primary.join('\n')).toBeGreaterThan(-1)
      expect(
        primary.findIndex((msg) => msg.startsWith('Shutdown: PostgreSQL done')),
      ).toBeGreaterThan(workersDone)
      expect(primary.at(-1)).toBe('Stopped.')
      for (const pid of workers) expect(isAlive(pid), `worker ${pid}`).toBe(false)
      expect(existsSync(path.join(embeddedDir, 'postmaster.pid'))).toBe(false)

      // What was answered 200 is what the ledger holds (the server started again to look).
      const again = await openSharedEmbeddedPostgres(embedded)
      const sql = postgres(again.url, { max: 1, onnotice: () => {} })
      try {
        const entries = await sql<{ key: string; cents: number }[]>`
          select idempotency_key as key, amount_cents::int as cents from credit_transactions
           where user_id = ${customer.id} order by idempotency_key`
        expect(entries.map((e) => [e.key, e.cents])).toEqual(keys.map((k) => [k, 125]))
        const [balance] = await sql<{ cents: number }[]>`
          select balance_cents::int as cents from user_credits where user_id = ${customer.id}`
        expect(balance!.cents).toBe(500)
      } finally {
        await sql.end({ timeout: 5 })
        await again.stop()
      }
    } finally {
      holder?.release()
      await direct?.sql.end({ timeout: 5 })
      app.kill('SIGKILL')
    }
  }, 300_000)
})
