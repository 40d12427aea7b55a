import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { db } from '#db/client.ts'
import { startHealthServer } from '#server/http/health-server.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue, type JobQueue } from '#server/jobs/queue.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { listJobProcesses } from '#server/services/health/job-processes.ts'
import { checkReadiness } from '#server/services/health/readiness.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser } from '#tests/helpers/users.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * Issue #11, the worker role (ADR 016): a web process with JOBS_ENABLED=false sends its
 * "run now" requests into the shared queue instead of dropping them (a token top-up waited
 * 57 s for the sweep), and workers in other processes pick them up at once. Each queue here
 * stands for one process; this file's database starts without pg-boss's schema.
 */
const databaseUrl = process.env.DATABASE_URL!
const serverUrl = inject('databaseServerUrl')
const fast = { firstDelayMs: 20, maxDelayMs: 100 }
const started: JobQueue[] = []

afterEach(async () => {
  await Promise.all(started.splice(0).map((queue) => queue.stop({ timeoutMs: 1000 })))
})

/** The link job's work, replaced by a record of the requests it got. */
function start(
  mode: 'worker' | 'send-only',
  seen: Record<string, unknown>[] = [],
  options: { databaseUrl?: string; signal?: AbortSignal; poolMax?: number } = {},
) {
  return startJobQueue({
    databaseUrl: options.databaseUrl ?? databaseUrl,
    db,
    providers: getProviders(),
    mode,
    processRole: 'worker',
    poolMax: options.poolMax,
    retry: fast,
    signal: options.signal,
    extraHandlers: {
      'link-virtfusion-users': (data) => {
        seen.push(data)
        return Promise.resolve()
      },
    },
  }).then((queue) => {
    started.push(queue)
    return queue
  })
}

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function jobState(marker: string): Promise<string | undefined> {
  const rows = await db.execute<{ state: string }>(
    sql`select state::text from pgboss.job where name = 'link-virtfusion-users' and data->>'marker' = ${marker}`,
  )
  return rows[0]?.state
}

describe('send-only queue (a web process with JOBS_ENABLED=false)', () => {
  it('changes nothing in pg-boss: before any worker has installed it, its start fails and is retried', async () => {
    const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
    const fresh = `skypanel_jobs_sender_${process.pid}`
    await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
    await admin.unsafe(`create database "${fresh}"`)
    const freshUrl = withDatabase(serverUrl, fresh)
    const probe = postgres(freshUrl, { max: 1, onnotice: () => {} })
    try {
      // Retried until the signal ends it: every attempt found no pg-boss.
      await expect(
        start('send-only', [], { databaseUrl: freshUrl, signal: AbortSignal.timeout(500) }),
      ).rejects.toThrow('pg-boss is not installed')
      const [schema] = await probe`select to_regnamespace('pgboss') is not null as exists`
      expect(schema?.exists).toBe(false)
      // Each failed attempt closed the pool it had opened.
      await until(async () => {
        const [row] = await probe`
          select count(*)::int as n from pg_stat_activity
          where datname = ${fresh} and application_name = 'skypanel-jobs-send'`
        return row?.n === 0
      }, 2000)

      // Once a worker has installed it, the sender starts.
      await start('worker', [], { databaseUrl: freshUrl })
      await expect(start('send-only', [], { databaseUrl: freshUrl })).resolves.toBeDefined()
    } finally {
      await Promise.all(started.splice(0).map((queue) => queue.stop({ timeoutMs: 1000 })))
      await probe.end()
      await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
      await admin.end()
    }
  })

  it('enqueues "run now" requests that a worker in another process picks up at once', async () => {
    const seenByFirst: Record<string, unknown>[] = []
    const firstWorker = await start('worker', seenByFirst)
    await firstWorker.stop({ timeoutMs: 1000 })
    started.splice(started.indexOf(firstWorker), 1)

    // No worker runs now; the web process with jobs off still records the request.
    const sender = await start('send-only', [], { poolMax: 2 })
    expect(
      (sender.boss.getDb() as unknown as { pool: { options: { max: number } } }).pool.options.max,
    ).toBe(2)
    const marker = randomUUID()
    await requestJob('link-virtfusion-users', { marker })
    expect(await jobState(marker)).toBe('created')

    const seen: Record<string, unknown>[] = []
    const startedAt = Date.now()
    await start('worker', seen)
    await until(() => seen.some((data) => data.marker === marker), 5000)
    // Well before the next sweep (every minute), and through the job the sender created.
    expect(Date.now() - startedAt).toBeLessThan(5000)
    await until(async () => (await jobState(marker)) === 'completed', 5000)
    expect(seenByFirst).toEqual([])
  })

  it('refuses a request for a queue no worker has created, instead of dropping it silently', async () => {
    const fresh = `skypanel_jobs_noqueue_${process.pid}`
    const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
    await admin.unsafe(`create database "${fresh}"`)
    const freshUrl = withDatabase(serverUrl, fresh)
    try {
      const worker = await start('worker', [], { databaseUrl: freshUrl })
      await worker.boss.deleteQueue('link-virtfusion-users')
      await start('send-only', [], { databaseUrl: freshUrl })
      await expect(requestJob('link-virtfusion-users', {})).rejects.toThrow(
        'Job queue "link-virtfusion-users" does not exist yet',
      )
    } finally {
      await Promise.all(started.splice(0).map((queue) => queue.stop({ timeoutMs: 1000 })))
      await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
      await admin.end()
    }
  })
})

describe('health of a process that works the queue', () => {
  it('a worker has a heartbeat row while it runs; a sender has none', async () => {
    const sender = await start('send-only')
    expect(await listJobProcesses(db)).toEqual([])
    await sender.stop()
    started.splice(0)

    const worker = await start('worker')
    await until(async () => (await listJobProcesses(db)).length === 1, 5000)
    const [row] = await listJobProcesses(db)
    expect(row).toMatchObject({ role: 'worker', pid: process.pid, alive: true })

    // Admins see it on /admin/health.
    const admin = await createTestUser({ role: 'admin' })
    const status = await trpcData<{ jobProcesses: { role: string; alive: boolean }[] }>(
      await trpcQuery('admin.health.status', undefined, admin.cookie),
    )
    expect(status.jobProcesses).toEqual([expect.objectContaining({ role: 'worker', alive: true })])

    await db.execute(sql`update job_processes set last_seen_at = now() - interval '2 minutes'`)
    expect((await listJobProcesses(db))[0]?.alive).toBe(false)

    await worker.stop()
    started.splice(0)
    expect(await listJobProcesses(db)).toEqual([])
  })

  it('readiness: a worker is ready once its queue runs; a sender does not need one', async () => {
    expect((await checkReadiness(db, { worksJobs: true })).ready).toBe(false)
    await start('send-only')
    expect((await checkReadiness(db, { worksJobs: false })).ready).toBe(true)
    await start('worker')
    const ready = await checkReadiness(db, { worksJobs: true })
    expect(ready.checks.jobQueue).toEqual({ ok: true, running: true, enabled: true })
    expect(ready.ready).toBe(true)
  })

  it('the worker health port answers /healthz, /readyz and /metrics (with METRICS_TOKEN), nothing else', async () => {
    let ready = false
    const health = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      readiness: async () => ({ ...(await checkReadiness(db)), ready }),
      metrics: {
        token: 'metrics-token-0123456789',
        render: () =>
          Promise.resolve({ body: 'skypanel_job_failures_total 0\n', contentType: 'text/plain' }),
      },
    })
    const url = (path: string) => `http://127.0.0.1:${health.port}${path}`
    try {
      expect((await fetch(url('/healthz'))).status).toBe(200)
      expect((await fetch(url('/readyz'))).status).toBe(503)
      ready = true
      const response = await fetch(url('/readyz'))
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({
        ready: true,
        checks: { database: { ok: true } },
      })
      expect((await fetch(url('/metrics'))).status).toBe(401)
      const wrong = { headers: { Authorization: 'Bearer metrics-token-01234567xx' } }
      expect((await fetch(url('/metrics'), wrong)).status).toBe(401)
      const scrape = await fetch(url('/metrics'), {
        headers: { Authorization: 'Bearer metrics-token-0123456789' },
      })
      expect(scrape.status).toBe(200)
      expect(await scrape.text()).toContain('skypanel_job_failures_total')
      expect((await fetch(url('/'))).status).toBe(404)
      expect((await fetch(url('/healthz'), { method: 'POST' })).status).toBe(405)
    } finally {
      await health.close()
    }
  })
})

afterAll(async () => {
  await Promise.all(started.splice(0).map((queue) => queue.stop({ timeoutMs: 1000 })))
})
