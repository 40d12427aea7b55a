import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, type Database } from '#db/connection.ts'
import { migrateDatabase } from '#server/database.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { checkReadiness } from '#server/services/health/readiness.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { createTopupOrder } from '#server/services/payments/create-topup-order.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { setUserRole } from '#server/services/users/set-user-role.ts'
import { TEST_SITE_ORIGIN } from '#tests/helpers/payments.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * Issue #11 item 9: the runbook in docs/operations/backup-restore.md, done as written, with
 * PostgreSQL's own pg_dump and pg_restore. Those must match the server's major version, and
 * the embedded server's (18) has none in Debian, so this runs a server of the same
 * installation as the tools (Debian's postgresql-15, which .ci/run installs; PG_BIN_DIR
 * names another): two roles as the runbook creates them, a database filled through the
 * real services as the application role, `pg_dump -Fc` without pg-boss's schema,
 * `pg_restore --no-owner --no-privileges` into a fresh database, the migrations (nothing to
 * apply; pg-boss and the grants come back), `npm run ledger:verify`, and the app's
 * readiness with its job queue running; and that `pg_restore --clean` over the existing
 * database fails. Without the tools this is skipped loudly, and fails with CI=true.
 */
const run = promisify(execFile)
const BINARIES = ['initdb', 'pg_ctl', 'pg_dump', 'pg_restore']

function postgresBinaries(): string | undefined {
  const installed = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
    : []
  return [process.env.PG_BIN_DIR, ...installed].find(
    (dir): dir is string => !!dir && BINARIES.every((name) => existsSync(path.join(dir, name))),
  )
}

const bin = postgresBinaries()
if (!bin) {
  const message =
    'backup-restore: no PostgreSQL installation with initdb, pg_ctl, pg_dump and pg_restore ' +
    '(Debian: apt-get install -y postgresql-15; or set PG_BIN_DIR).'
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`\n*** SKIPPED ${message}\n`)
}

const dir = path.resolve(`tests/.tmp/pg-backup-${process.pid}`)
const dumpFile = `${dir}-skypanel.dump`
let port: number
/** initdb, pg_ctl and postgres refuse root: then they run as the `postgres` OS user. */
let osUser: { uid?: number; gid?: number } = {}

const OWNER = 'skypanel_owner'
const APP = 'skypanel_app'
const url = (role: string, database: string) =>
  `postgres://${role}:${role}-password@127.0.0.1:${port}/${database}`

async function tool(name: string, args: string[], options: { asServerUser?: boolean } = {}) {
  return run(path.join(bin!, name), args, {
    ...(options.asServerUser ? osUser : {}),
    env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    timeout: 120_000,
  })
}

async function superuser<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: 1,
    onnotice: () => {},
  })
  try {
    return await work(sql)
  } finally {
    await sql.end()
  }
}

/** Row counts and a digest of every table of the app, as its owner reads them. */
async function contents(database: string): Promise<Record<string, string>> {
  const sql = postgres(url(OWNER, database), { max: 1, onnotice: () => {} })
  try {
    const tables = await sql<{ name: string }[]>`
      select tablename as name from pg_tables where schemaname = 'public' order by 1`
    const result: Record<string, string> = {}
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ n: number; digest: string }[]>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`,
      )
      result[name] = `${row!.n}:${row!.digest}`
    }
    return result
  } finally {
    await sql.end()
  }
}

describe.skipIf(!bin)('backup and restore (docs/operations/backup-restore.md)', () => {
  beforeAll(async () => {
    port = await freePort()
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    if (process.getuid?.() === 0) {
      const [uid, gid] = await Promise.all(
        ['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout)),
      )
      osUser = { uid, gid }
      chownSync(dir, uid!, gid!)
    }
    await tool('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync'], {
      asServerUser: true,
    })
    await tool(
      'pg_ctl',
      [
        '-D',
        dir,
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off`,
        '-w',
        'start',
      ],
      { asServerUser: true },
    )
    // The roles as the runbook creates them.
    await superuser(async (sql) => {
      for (const role of [OWNER, APP]) {
        await sql.unsafe(`create role ${role} login password '${role}-password'`)
      }
      await sql.unsafe(`create database skypanel owner ${OWNER}`)
    })
  }, 120_000)

  afterAll(async () => {
    if (existsSync(path.join(dir, 'postmaster.pid'))) {
      await tool('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop'], {
        asServerUser: true,
      }).catch(() => {})
    }
    rmSync(dir, { recursive: true, force: true })
    rmSync(dumpFile, { force: true })
  })

  it('dump, restore into a fresh database, ledger:verify OK, the app is ready', async () => {
    // --- a database in use: migrated by the owner, filled by the app through its services
    const source = { migrationUrl: url(OWNER, 'skypanel'), url: url(APP, 'skypanel') }
    await migrateDatabase(source)
    const app: Database = createDatabase(source.url, { max: 2 })
    const providers = getProviders()
    const balances = new Map<number, number>()
    try {
      const admin = await createUser(
        app.db,
        { name: 'Backup Admin', email: 'admin@backup.test', password: 'backup-password-1' },
        { role: 'admin' },
      )
      for (const [index, cents] of [2500, 900, 12_000].entries()) {
        const user = await createUser(app.db, {
          name: `Customer ${index}`,
          email: `customer${index}@backup.test`,
          password: 'backup-password-1',
        })
        await adjustCreditsByAdmin(app.db, {
          userId: user.id,
          amount: cents,
          reason: 'opening balance',
          direction: 'add',
          admin,
        })
        const order = await createTopupOrder(app.db, providers, {
          userId: user.id,
          purpose: 'custom_credits',
          amountCents: 1000,
          siteOrigin: TEST_SITE_ORIGIN,
        })
        paypalFake.approve(order.orderId)
        await captureTopup(app.db, providers, {
          userId: user.id,
          orderId: order.orderId,
          purpose: 'custom_credits',
        })
        const [plan] = await app.sql<
          { id: number }[]
        >`select id from products where family = 'dns' and slug = 'basic'`
        await purchasePlan(app.db, { userId: user.id, planId: plan!.id })
        await setUserRole(app.db, {
          actorId: admin.id,
          userId: user.id,
          role: 'admin',
          reason: 'backup drill',
        })
        balances.set(user.id, (await getCreditBalance(app.db, user.id)).balance.cents)
      }
    } finally {
      await app.sql.end()
    }
    expect([...balances.values()]).toEqual([
      2500 + 1000 - 500,
      900 + 1000 - 500,
      12_000 + 1000 - 500,
    ])

    // --- the backup: the owner dumps everything but pg-boss's schema
    await tool('pg_dump', ['-Fc', '--exclude-schema=pgboss', '-f', dumpFile, source.migrationUrl])

    // --- the restore: a fresh database owned by the owner, restored as the owner
    await superuser((sql) => sql.unsafe(`create database skypanel_restored owner ${OWNER}`))
    const restored = {
      migrationUrl: url(OWNER, 'skypanel_restored'),
      url: url(APP, 'skypanel_restored'),
    }
    await tool('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '-d',
      restored.migrationUrl,
      dumpFile,
    ])
    expect(await contents('skypanel_restored')).toEqual(await contents('skypanel'))

    // --- the app's start on it: nothing to migrate; pg-boss and the grants are back
    expect(await migrateDatabase(restored)).toMatchObject({
      applied: 0,
      separate: true,
      applicationRole: APP,
    })

    const { stdout } = await run('npx', ['tsx', 'scripts/ledger-verify.ts'], {
      env: { ...process.env, DATABASE_URL: restored.url, MIGRATION_DATABASE_URL: '' },
      timeout: 90_000,
    })
    expect(stdout).toMatch(/OK: every balance equals its journal/)
    expect(stdout).toMatch(/OK: every entry has its source/)

    const restoredApp = createDatabase(restored.url, { max: 2 })
    const queue = await startJobQueue({
      databaseUrl: restored.url,
      db: restoredApp.db,
      providers,
      retry: { firstDelayMs: 50, maxDelayMs: 500 },
    })
    try {
      const readiness = await checkReadiness(restoredApp.db, { worksJobs: true })
      expect(readiness).toMatchObject({ ready: true })
      for (const [userId, cents] of balances) {
        expect((await getCreditBalance(restoredApp.db, userId)).balance.cents).toBe(cents)
      }
      const report = await verifyLedger(restoredApp.db)
      expect([report.problems, report.orphans]).toEqual([[], []])
      // The application role may not rewrite the restored history either.
      await expect(
        restoredApp.sql`update credit_transactions set amount_cents = 1`,
      ).rejects.toMatchObject({ code: '42501' })
    } finally {
      await queue.stop()
      await restoredApp.sql.end()
    }

    // What the runbook forbids: --clean over the existing database fails on pg-boss's
    // partitioned job tables, after it has begun dropping.
    const fullDump = `${dumpFile}.full`
    try {
      await tool('pg_dump', ['-Fc', '-f', fullDump, source.migrationUrl])
      const clean = await tool('pg_restore', [
        '--clean',
        '--if-exists',
        '--no-owner',
        '-d',
        source.migrationUrl,
        fullDump,
      ]).catch((error: unknown) => error as { code?: number; stderr?: string })
      expect(clean).toMatchObject({ code: 1, stderr: expect.stringMatching(/inherit/) })
    } finally {
      rmSync(fullDump, { force: true })
    }
  }, 240_000)
})
