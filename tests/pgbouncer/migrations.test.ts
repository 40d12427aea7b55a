import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runMigrations } from '#db/migrate.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * Issue #11: the migration lock was a session advisory lock; through PgBouncer its unlock
 * ran on another server connection, the lock stayed on an idle one and the next starts
 * waited for minutes. Starts go through PgBouncer here; the locks are read on PostgreSQL.
 */
const serverUrl = inject('pgbouncerServerUrl')
const database = `skypanel_pgbouncer_migrate_${process.pid}`
const directUrl = withDatabase(serverUrl, database)
const bouncerUrl = (() => {
  const url = new URL(directUrl)
  url.port = String(inject('pgbouncerPort'))
  return url.toString()
})()
const MIGRATION_LOCK = 727274

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
const direct = postgres(directUrl, { max: 2, onnotice: () => {} })

beforeAll(async () => {
  await admin.unsafe(`drop database if exists "${database}" with (force)`)
  await admin.unsafe(`create database "${database}"`)
})
afterAll(async () => {
  await direct.end()
  await admin.unsafe(`drop database if exists "${database}" with (force)`)
  await admin.end()
})

/** A start that does not finish in time is a failure, not a hung test run. */
function finishesWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)
    }),
  ])
}

async function migrationLocksHeld(): Promise<number> {
  const [row] = await direct<{ n: number }[]>`
    select count(*)::int as n from pg_locks
     where locktype = 'advisory' and classid = 0 and objid = ${MIGRATION_LOCK} and granted`
  return row!.n
}

describe('migrations through PgBouncer in transaction mode', () => {
  it('two starts at once and a third after all finish, and no lock is left behind', async () => {
    const [first, second] = await finishesWithin(
      60_000,
      Promise.all([runMigrations(bouncerUrl), runMigrations(bouncerUrl)]),
    )
    expect(first.total).toBeGreaterThan(0)
    expect(second.total).toBe(first.total)
    expect(first.applied + second.applied).toBe(first.total)
    expect(await migrationLocksHeld()).toBe(0)

    const third = await finishesWithin(20_000, runMigrations(bouncerUrl))
    expect(third).toEqual({ applied: 0, total: first.total })
    expect(await migrationLocksHeld()).toBe(0)
  })

  it('a start that cannot get the lock in time fails with a clear message instead of waiting', async () => {
    expect(await migrationLocksHeld()).toBe(0)
    const holder = await direct.reserve()
    try {
      await holder.unsafe('begin')
      await holder.unsafe("set local lock_timeout = '5s'")
      await holder.unsafe(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
      const started = Date.now()
      await expect(
        finishesWithin(20_000, runMigrations(bouncerUrl, { lockTimeoutMs: 1_000 })),
      ).rejects.toThrow(/Migrations not applied: waited more than 1 s for the migration lock/)
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      await holder.unsafe('rollback')
      holder.release()
    }
    expect(await migrationLocksHeld()).toBe(0)
    await expect(finishesWithin(20_000, runMigrations(bouncerUrl))).resolves.toMatchObject({
      applied: 0,
    })
  })
})
