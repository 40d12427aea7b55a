import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { db } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { runMigrations } from '#db/migrate.ts'
import { APPEND_ONLY_TABLES, grantApplicationRole } from '#db/roles.ts'
import { migrateDatabase } from '#server/database.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { startJobQueue } from '#server/jobs/queue.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { planId } from '#tests/helpers/dns.ts'
import { isAdminProcedure, listProcedures, trpcCall, validInputs } from '#tests/helpers/hostile.ts'
import {
  approvedOrder,
  capturedTopup,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
} from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { withDatabase } from '#tests/setup/free-port.ts'
import { TEST_APP, TEST_OWNER, asRole } from '#tests/setup/roles.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * Issue #11 item 10 (ADR 017): this whole layer connects as the application role
 * (tests/setup/integration-env.ts), the schema belongs to another role that is not a
 * superuser either. Here: what the application role may and may not do, proved on
 * PostgreSQL's own privilege checks, and by trying every route there is.
 */
const appUrl = process.env.DATABASE_URL!
const ownerUrl = process.env.TEST_MIGRATION_DATABASE_URL!
const serverUrl = inject('databaseServerUrl')
const app = postgres(appUrl, { max: 1, onnotice: () => {} })
const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} })

afterAll(async () => {
  await app.end()
  await owner.end()
})

let admin: TestUser
let alice: TestUser

beforeAll(async () => {
  resetPaymentFakes()
  resetVirtFusionFake()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Privilege Admin' })
  alice = await createTestUser({ name: 'Alice' })
})

/** Every journal row, as the owner reads it: a digest per row, in id order. */
async function journalRows(): Promise<Map<string, string>> {
  const rows = await owner<{ key: string; digest: string }[]>`
    select 'c' || id as key, md5(t::text) as digest from credit_transactions t
    union all
    select 'a' || id as key, md5(t::text) as digest from admin_audit_log t`
  return new Map(rows.map((row) => [row.key, row.digest]))
}

/** The SQLSTATE PostgreSQL refused the statement with, or 'accepted'. */
async function refusal(statement: string): Promise<string> {
  return app.unsafe(statement).then(
    () => 'accepted',
    (error: unknown) =>
      pgErrorOf(error)?.code ?? (error instanceof Error ? error.message : 'error'),
  )
}

describe('the application role', () => {
  it('is not a superuser, owns nothing and may create nothing', async () => {
    const [me] = await app<
      {
        role: string
        superuser: boolean
        createrole: boolean
        createdb: boolean
        bypassrls: boolean
        ownerMember: boolean
      }[]
    >`
      select rolname as role, rolsuper as superuser, rolcreaterole as createrole,
             rolcreatedb as createdb, rolbypassrls as bypassrls,
             pg_has_role(current_user, ${TEST_OWNER.name}, 'member') as "ownerMember"
        from pg_roles where rolname = current_user`
    expect(me).toEqual({
      role: TEST_APP.name,
      superuser: false,
      createrole: false,
      createdb: false,
      bypassrls: false,
      ownerMember: false,
    })
    const owned = await app`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relowner = (select oid from pg_roles where rolname = current_user)
         and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`
    expect(owned).toEqual([])
    const [create] = await app<Record<string, boolean>[]>`
      select has_database_privilege(current_database(), 'CREATE') as database,
             has_schema_privilege('public', 'CREATE') as public,
             has_schema_privilege('drizzle', 'CREATE') as drizzle,
             has_schema_privilege('pgboss', 'CREATE') as pgboss`
    expect(create).toEqual({ database: false, public: false, drizzle: false, pgboss: false })
  })

  it('may read and append the journals, never change, delete or truncate them', async () => {
    for (const table of APPEND_ONLY_TABLES) {
      const [privileges] = await app<Record<string, boolean>[]>`
        select has_table_privilege(${table}, 'SELECT') as select,
               has_table_privilege(${table}, 'INSERT') as insert,
               has_table_privilege(${table}, 'UPDATE') as update,
               has_table_privilege(${table}, 'DELETE') as delete,
               has_table_privilege(${table}, 'TRUNCATE') as truncate,
               has_table_privilege(${table}, 'TRIGGER') as trigger,
               has_table_privilege(${table}, 'REFERENCES') as references`
      expect(privileges, table).toEqual({
        select: true,
        insert: true,
        update: false,
        delete: false,
        truncate: false,
        trigger: false,
        references: false,
      })
    }
    // No table at all may be truncated or given triggers by the app.
    const risky = await app`
      select table_name, privilege_type from information_schema.table_privileges
       where grantee = current_user and table_schema in ('public', 'drizzle', 'pgboss')
         and privilege_type in ('TRUNCATE', 'TRIGGER', 'REFERENCES')`
    expect(risky).toEqual([])
    // Every table a trigger keeps append-only is in the list the grants take UPDATE/DELETE from.
    const guarded = await owner<{ table: string }[]>`
      select distinct tgrelid::regclass::text as table from pg_trigger
       where not tgisinternal and tgname like '%\\_no\\_update\\_delete' order by 1`
    expect(guarded.map((row) => row.table)).toEqual([...APPEND_ONLY_TABLES].sort())
  })

  it('cannot change or delete a journal entry by any statement, nor switch the triggers off', async () => {
    const { entry } = await adjustCreditsByAdmin(db, {
      userId: alice.id,
      amount: 700,
      reason: 'history to protect',
      direction: 'add',
      admin,
    })
    const before = await journalRows()
    const attempts: [string, string][] = [
      [`update credit_transactions set amount_cents = 1 where id = ${entry.id}`, '42501'],
      [`delete from credit_transactions where id = ${entry.id}`, '42501'],
      ['truncate credit_transactions cascade', '42501'],
      ['update admin_audit_log set reason = $$rewritten$$', '42501'],
      ['delete from admin_audit_log', '42501'],
      ['set session_replication_role = replica', '42501'],
      ['set local session_replication_role = replica', '42501'],
      ['alter table credit_transactions disable trigger all', '42501'],
      [
        'alter table credit_transactions disable trigger credit_transactions_no_update_delete',
        '42501',
      ],
      ['drop trigger credit_transactions_no_update_delete on credit_transactions', '42501'],
      [
        'create or replace function credit_transactions_refuse_change() returns trigger ' +
          'language plpgsql as $$ begin return new; end $$',
        '42501',
      ],
      [`alter table credit_transactions owner to ${TEST_APP.name}`, '42501'],
      ['alter table credit_transactions drop constraint credit_transactions_pkey', '42501'],
      [`set role ${TEST_OWNER.name}`, '42501'],
      ['create schema rewrite_history', '42501'],
      ['create table public.shadow (id int)', '42501'],
      ['create table pgboss.shadow (id int)', '42501'],
      ['alter system set session_replication_role = replica', '42501'],
      ['drop extension pg_trgm cascade', '42501'],
    ]
    const outcomes = []
    for (const [statement] of attempts) outcomes.push([statement, await refusal(statement)])
    expect(outcomes).toEqual(attempts)

    // Granting itself what it lacks gives nothing (a warning, not a privilege).
    await app.unsafe(`grant update, delete on credit_transactions to ${TEST_APP.name}`)
    const [after] = await app<{ update: boolean }[]>`
      select has_table_privilege('credit_transactions', 'UPDATE') as update`
    expect(after!.update).toBe(false)

    // Deleting the user cascades nowhere: the journal keeps its rows.
    expect(await refusal(`delete from users where id = ${alice.id}`)).not.toBe('accepted')
    expect(await journalRows()).toEqual(before)
  })

  it('runs every money flow over the HTTP routes, and the ledger verifies', async () => {
    const added = await trpcMutation(
      'admin.customCredits.add',
      { userId: alice.id, amount: '40.00', reason: 'goodwill' },
      { cookie: admin.cookie },
    )
    expect(added.status).toBe(200)
    const removed = await trpcMutation(
      'admin.customCredits.remove',
      { userId: alice.id, amount: '1.50', reason: 'correction' },
      { cookie: admin.cookie },
    )
    expect(removed.status).toBe(200)

    // A PayPal top-up (offline fakes): order, buyer approval, capture.
    const order = await trpcData<{ orderId: string }>(
      await trpcMutation(
        'customCredits.createOrder',
        { amount: '12.00' },
        { cookie: alice.cookie },
      ),
    )
    paypalFake.approve(order.orderId)
    const captured = await trpcMutation(
      'customCredits.captureOrder',
      { orderId: order.orderId },
      { cookie: alice.cookie },
    )
    expect(captured.status).toBe(200)

    const purchase = await trpcMutation(
      'dnsPlans.purchase',
      { planId: await planId('basic'), idempotencyKey: 'least-privilege-0001' },
      { cookie: alice.cookie },
    )
    expect(purchase.status).toBe(200)

    const balance = await trpcData<{ customCredits: { balance: { cents: number } } }>(
      await trpcQuery('billing.balance', undefined, alice.cookie),
    )
    expect(balance.customCredits.balance.cents).toBe(700 + 4000 - 150 + 1200 - 500)
    const report = await verifyLedger(db)
    expect(report.problems).toEqual([])
    expect(report.orphans).toEqual([])
  })

  it('no tRPC procedure, called with valid input as an admin or a user, changes an entry already written', async () => {
    const tokensTopup = await capturedTopup(alice.id, 'virtfusion_tokens', 800)
    const order = await approvedOrder(alice.id, 'custom_credits', 1100)
    const inputs = validInputs({
      userId: alice.id,
      orderId: order.orderId,
      topupId: tokensTopup.id,
      planId: await planId('pro'),
      apiTokenId: 1,
    })
    const before = await journalRows()
    expect(before.size).toBeGreaterThan(3)
    const statuses: number[] = []
    for (const caller of [alice, admin]) {
      for (const procedure of listProcedures()) {
        if (caller === alice && isAdminProcedure(procedure.path)) continue
        const input = procedure.hasInput ? (inputs[procedure.path] ?? {}) : undefined
        statuses.push((await trpcCall(procedure, input, { cookie: caller.cookie })).status)
        await clearRateLimits()
      }
    }
    // Plenty of them really wrote (new entries are fine); none was refused by the database.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(20)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    const after = await journalRows()
    for (const [key, digest] of before) expect(after.get(key), key).toBe(digest)
  })

  it('works the job queue: pg-boss schema and queues come from the migration role', async () => {
    const queue = await startJobQueue({
      databaseUrl: appUrl,
      db,
      providers: getProviders(),
      retry: { firstDelayMs: 50, maxDelayMs: 200 },
    })
    try {
      expect(await queue.boss.send('verify-ledger', {})).toEqual(expect.any(String))
    } finally {
      await queue.stop()
    }
  })
})

describe('the grants', () => {
  it('are restated at every migration: a privilege granted by hand is taken back', async () => {
    await owner.unsafe(`grant update, delete, truncate on credit_transactions to ${TEST_APP.name}`)
    const privileged = await app<{ update: boolean }[]>`
      select has_table_privilege('credit_transactions', 'UPDATE') as update`
    expect(privileged[0]!.update).toBe(true)

    const result = await migrateDatabase({ migrationUrl: ownerUrl, url: appUrl })
    expect(result).toMatchObject({
      applied: 0,
      separate: true,
      applicationRole: TEST_APP.name,
      migrationRole: TEST_OWNER.name,
    })
    const [now] = await app<Record<string, boolean>[]>`
      select has_table_privilege('credit_transactions', 'UPDATE') as update,
             has_table_privilege('credit_transactions', 'DELETE') as delete,
             has_table_privilege('credit_transactions', 'TRUNCATE') as truncate`
    expect(now).toEqual({ update: false, delete: false, truncate: false })
  })

  it('refuse an application role that is a superuser', async () => {
    const superuserUrl = withDatabase(serverUrl, new URL(appUrl).pathname.slice(1))
    await expect(grantApplicationRole(ownerUrl, superuserUrl)).rejects.toThrow(/superuser/)
  })

  it('refuse an application role that is a member of the migration role', async () => {
    const member = { name: `skypanel_test_member_${process.pid}`, password: 'member-password' }
    const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(
        `create role "${member.name}" login password '${member.password}' in role "${TEST_OWNER.name}"`,
      )
      await expect(grantApplicationRole(ownerUrl, asRole(appUrl, member))).rejects.toThrow(
        /member of "skypanel_test_owner"/,
      )
    } finally {
      await admin.unsafe(`drop role if exists "${member.name}"`)
      await admin.end()
    }
  })

  it('need nothing when one role does both (MIGRATION_DATABASE_URL unset)', async () => {
    await expect(grantApplicationRole(ownerUrl, ownerUrl)).resolves.toMatchObject({
      separate: false,
    })
  })
})

describe('migrations run by the application role', () => {
  it('check that nothing is pending, and refuse clearly to apply anything', async () => {
    await expect(runMigrations(appUrl)).resolves.toMatchObject({ applied: 0 })

    const fresh = `skypanel_privileges_${process.pid}`
    const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
      await admin.unsafe(`create database "${fresh}" owner "${TEST_OWNER.name}"`)
      const freshApp = asRole(withDatabase(serverUrl, fresh), TEST_APP)
      await expect(runMigrations(freshApp)).rejects.toThrow(/MIGRATION_DATABASE_URL/)
    } finally {
      await admin.unsafe(`drop database if exists "${fresh}" with (force)`)
      await admin.end()
    }
  })
})
