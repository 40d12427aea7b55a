import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { pgErrorOf } from '#db/errors.ts'
import { openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { runMigrations } from '#db/migrate.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * ADR 017 on the embedded server: a data directory an older version created and used as the
 * superuser `postgres` (which owns everything there, pg-boss's schema included) keeps
 * working; the app now connects as `skypanel_app`, which cannot rewrite its history.
 */
const dir = path.resolve(`tests/.tmp/pg-app-role-${process.pid}`)
let port: number
const settings = () => ({
  DATABASE_URL: undefined,
  MIGRATION_DATABASE_URL: undefined,
  EMBEDDED_PG_DIR: dir,
  EMBEDDED_PG_PORT: port,
})

function cleanup() {
  rmSync(dir, { recursive: true, force: true })
  for (const file of [`${dir}.password`, `${dir}.app-password`]) rmSync(file, { force: true })
}

beforeAll(async () => {
  cleanup()
  port = await freePort()
})
afterAll(cleanup)

describe('the embedded server’s application role', () => {
  it('an existing data directory gets skypanel_app; its data and jobs stay', async () => {
    // --- as an older version left it: migrated and used as the superuser
    const old = await openSharedEmbeddedPostgres({ dir, port, database: 'skypanel' })
    const providers = getProviders()
    let userId: number
    try {
      await runMigrations(old.url)
      const legacy = createDatabase(old.url, { max: 2 })
      try {
        const admin = await createUser(
          legacy.db,
          { name: 'Old Admin', email: 'admin@old.test', password: 'old-password-2026' },
          { role: 'admin' },
        )
        const user = await createUser(legacy.db, {
          name: 'Old User',
          email: 'user@old.test',
          password: 'old-password-2026',
        })
        userId = user.id
        await adjustCreditsByAdmin(legacy.db, {
          userId,
          amount: 4200,
          reason: 'before the roles',
          direction: 'add',
          admin,
        })
        // pg-boss as the old app installed it: schema and queues owned by the superuser.
        const queue = await startJobQueue({ databaseUrl: old.url, db: legacy.db, providers })
        await queue.stop()
      } finally {
        await legacy.sql.end()
      }
    } finally {
      await old.stop()
    }
    expect(existsSync(`${dir}.app-password`)).toBe(false)

    // --- this version
    const database = await resolveDatabase(settings())
    try {
      expect(new URL(database.url).username).toBe('skypanel_app')
      expect(new URL(database.migrationUrl).username).toBe('postgres')
      expect(readFileSync(`${dir}.app-password`, 'utf8')).toBe(
        decodeURIComponent(new URL(database.url).password),
      )
      expect(await migrateDatabase(database)).toMatchObject({
        applied: 0,
        separate: true,
        applicationRole: 'skypanel_app',
        migrationRole: 'postgres',
      })
      const app = createDatabase(database.url, { max: 2 })
      try {
        const [role] = await app.sql<{ superuser: boolean }[]>`
          select rolsuper as superuser from pg_roles where rolname = current_user`
        expect(role!.superuser).toBe(false)
        expect((await getCreditBalance(app.db, userId!)).balance.cents).toBe(4200)
        const [admin] = await app.sql<{ id: number; name: string }[]>`
          select id, name from users where email = 'admin@old.test'`
        await adjustCreditsByAdmin(app.db, {
          userId: userId!,
          amount: 800,
          reason: 'after the roles',
          direction: 'remove',
          admin: admin!,
        })
        expect((await getCreditBalance(app.db, userId!)).balance.cents).toBe(3400)
        expect((await verifyLedger(app.db)).problems).toEqual([])
        for (const statement of [
          'update credit_transactions set amount_cents = 1',
          'set session_replication_role = replica',
          'alter table credit_transactions disable trigger all',
        ]) {
          const refused = await app.sql.unsafe(statement).catch((e: unknown) => e)
          expect(pgErrorOf(refused)?.code, statement).toBe('42501')
        }
        // The queues the superuser's pg-boss created are worked by the app role.
        const queue = await startJobQueue({
          databaseUrl: database.url,
          db: app.db,
          providers,
          retry: { firstDelayMs: 50, maxDelayMs: 200 },
        })
        try {
          expect(await queue.boss.send('verify-ledger', {})).toEqual(expect.any(String))
        } finally {
          await queue.stop()
        }
      } finally {
        await app.sql.end()
      }
    } finally {
      await database.stop()
    }

    // --- the password file lost: the role gets a new password, the app connects with it
    const lostPassword = readFileSync(`${dir}.app-password`, 'utf8')
    rmSync(`${dir}.app-password`)
    const again = await resolveDatabase(settings())
    try {
      expect(readFileSync(`${dir}.app-password`, 'utf8')).not.toBe(lostPassword)
      const sql = postgres(again.url, { max: 1, onnotice: () => {} })
      expect((await sql`select current_user as role`)[0]).toEqual({ role: 'skypanel_app' })
      await sql.end()
    } finally {
      await again.stop()
    }
  }, 180_000)
})
