import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { db } from '#db/client.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * Issue #11: two instances starting together on a fresh database. pg-boss creates its
 * schema and queues at the first start; two at once could deadlock (40P01) in createQueue,
 * and the loser stayed without a job queue (unready) for good. Each start must retry until
 * its queue runs.
 */
const serverUrl = inject('databaseServerUrl')
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
const ITERATIONS = 4

afterAll(() => admin.end())

describe('two job queues started at once on a fresh database', () => {
  it(`both end up running (${ITERATIONS} fresh databases)`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const name = `skypanel_jobs_start_${process.pid}_${i}`
      await admin.unsafe(`drop database if exists "${name}" with (force)`)
      await admin.unsafe(`create database "${name}"`)
      const databaseUrl = withDatabase(serverUrl, name)
      const start = () =>
        startJobQueue({
          databaseUrl,
          db,
          providers: getProviders(),
          retry: { firstDelayMs: 50, maxDelayMs: 500 },
        })
      const results = await Promise.allSettled([start(), start()])
      const queues = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      try {
        expect(
          results.map((r) => (r.status === 'fulfilled' ? 'running' : String(r.reason))),
          `iteration ${i}`,
        ).toEqual(['running', 'running'])
        // Both really work the queues: a job sent through either is accepted.
        for (const queue of queues) {
          expect(await queue.boss.send('verify-ledger', {})).toEqual(expect.any(String))
        }
      } finally {
        await Promise.all(queues.map((queue) => queue.stop()))
        await admin.unsafe(`drop database if exists "${name}" with (force)`)
      }
    }
  }, 120_000)
})
