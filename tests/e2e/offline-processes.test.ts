import { spawn, type ChildProcess } from 'node:child_process'
import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { creditTransactions, offlineProviderState, topups } from '#db/schema/index.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort, withDatabase } from '#tests/setup/free-port.ts'

/**
 * Offline mode across processes (issue #11), as demos and benchmarks run it: the production
 * build started twice on one DATABASE_URL with ALLOW_OFFLINE_PAYMENTS=true. The simulated
 * PayPal and VirtFusion keep their records in that database, so an order created through
 * process A can be approved through process B and captured through A, and a token top-up is
 * delivered once by whichever process runs the job. Every log line names its process.
 */
const serverUrl = inject('e2eDatabaseUrl')
const databaseName = `skypanel_e2e_offline_${process.pid}`
const databaseUrl = withDatabase(serverUrl, databaseName)
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })

type App = { child: ChildProcess; url: string; output: () => string }

async function start(instance: string): Promise<App> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['build/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdefghijkl',
      ALLOW_OFFLINE_PAYMENTS: 'true',
      INSTANCE_ID: instance,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const app = { child, url: `http://127.0.0.1:${port}`, output: () => output }
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`${instance} exited:\n${output}`)
      return output.includes('job queue started') || undefined
    },
    90_000,
    `${instance} ready`,
  )
  return app
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

let a: App
let b: App
let token: string
let userId: number
const database = createDatabase(databaseUrl, { max: 2 })

beforeAll(async () => {
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await admin.unsafe(`create database "${databaseName}"`)
  // Both start at once: migrations and the job queue's setup must cope with a twin.
  ;[a, b] = await Promise.all([start('offline-a'), start('offline-b')])
  const user = await createUser(database.db, {
    name: 'Two Processes',
    email: 'two-processes@e2e.test',
    password: 'e2e-password-123',
  })
  userId = user.id
  token = (await createApiToken(database.db, { user, name: 'e2e', scope: 'write' })).token
}, 180_000)

afterAll(async () => {
  for (const app of [a, b]) {
    if (!app || app.child.exitCode !== null) continue
    const exited = new Promise((resolve) => app.child.once('exit', resolve))
    app.child.kill('SIGTERM')
    await exited
  }
  if (process.env.E2E_SHOW_APP_LOG) console.log(a?.output(), b?.output())
  await database.sql.end({ timeout: 5 })
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await admin.end()
})

async function post(app: App, path: string, body: unknown = {}) {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function balance(app: App) {
  const response = await fetch(`${app.url}/api/billing/balance`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    customCredits: { balance: { cents: number } }
    virtfusionTokens: { status: string; tokens?: number }
  }
}

describe('two processes of the build on one database in offline mode', () => {
  it('custom credits: order on A, approval on B, capture on A → completed, credited once', async () => {
    const created = await post(a, '/api/billing/custom-credits/orders', { amount: '25.00' })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    const orderId = created.body.orderId as string

    const approved = await post(b, `/api/dev/paypal/orders/${orderId}/approve`)
    expect(approved, b.output()).toEqual({ status: 200, body: { orderId, status: 'APPROVED' } })

    const captured = await post(a, '/api/billing/custom-credits/add', { orderId })
    expect(captured.status, JSON.stringify(captured.body)).toBe(200)
    expect(captured.body.status).toBe('completed')
    const again = await post(b, '/api/billing/custom-credits/add', { orderId })
    expect(again.status).toBe(409)

    const entries = await database.db
      .select()
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, userId))
    expect(entries).toHaveLength(1)
    expect((await balance(b)).customCredits.balance.cents).toBe(2500)
  })

  it('VirtFusion tokens: order on A, approval on B, capture on A → delivered once by the jobs; both read the balance', async () => {
    const created = await post(a, '/api/billing/virtfusion-tokens/orders', { amount: '12.00' })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    const orderId = created.body.orderId as string
    expect((await post(b, `/api/dev/paypal/orders/${orderId}/approve`)).status).toBe(200)
    const captured = await post(a, '/api/billing/virtfusion-tokens/add', { orderId })
    expect(captured.status, JSON.stringify(captured.body)).toBe(200)
    const topupId = captured.body.topupId as number

    const done = await until(
      async () => {
        const [row] = await database.db.select().from(topups).where(eq(topups.id, topupId))
        return row?.status === 'completed' || row?.status === 'review' ? row : undefined
      },
      90_000,
      `top-up ${topupId} delivered\n${a.output()}\n${b.output()}`,
    )
    expect(done.status).toBe('completed')

    const credits = await database.db
      .select({ state: offlineProviderState.state })
      .from(offlineProviderState)
      .where(
        and(
          eq(offlineProviderState.kind, 'virtfusion.credit'),
          sql`${offlineProviderState.state} @> ${JSON.stringify({ extRelationId: userId })}::jsonb`,
        ),
      )
    expect(credits.map((c) => c.state)).toEqual([
      expect.objectContaining({ tokens: 1200, reference_1: topupId, cancelled: false }),
    ])
    for (const app of [a, b]) {
      expect((await balance(app)).virtfusionTokens).toMatchObject({ status: 'ok', tokens: 1200 })
    }
  })

  it('every log line names its process', () => {
    for (const [app, instance] of [
      [a, 'offline-a'],
      [b, 'offline-b'],
    ] as const) {
      const lines = app
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
      expect(lines.length).toBeGreaterThan(3)
      for (const line of lines) {
        expect((JSON.parse(line) as { instance?: string }).instance, line).toBe(instance)
      }
    }
  })
})
