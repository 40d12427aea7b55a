import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { db } from '#db/client.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * Issue #11, graceful shutdown: stopping the job queue fetches no new jobs, and a job in
 * progress finishes (within the timeout) before stop() resolves, so the pool it uses may
 * close right after.
 */
const serverUrl = inject('databaseServerUrl')
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
const name = `skypanel_jobs_stop_${process.pid}`

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.end()
})

describe('stopping the job queue', () => {
  it('waits for the job in progress to finish', async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.unsafe(`create database "${name}"`)
    let started = 0
    let finished = 0
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    const queue = await startJobQueue({
      databaseUrl: withDatabase(serverUrl, name),
      db,
      providers: getProviders(),
      extraHandlers: {
        'verify-ledger': async () => {
          started++
          await released
          finished++
        },
      },
    })
    const id = await queue.boss.send('verify-ledger', {})
    await expect.poll(() => started, { timeout: 20_000 }).toBe(1)

    let stopped = false
    const stopping = queue.stop({ timeoutMs: 20_000 }).then(() => (stopped = true))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect({ stopped, finished }).toEqual({ stopped: false, finished: 0 })

    release()
    await stopping
    expect({ started, finished }).toEqual({ started: 1, finished: 1 })
    const check = postgres(withDatabase(serverUrl, name), { max: 1, onnotice: () => {} })
    try {
      const [job] = await check`select state from pgboss.job where id = ${id}`
      expect(job?.state).toBe('completed')
    } finally {
      await check.end()
    }
  }, 60_000)
})
