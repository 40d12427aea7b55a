import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { MIGRATIONS_FOLDER } from '#db/migrate.ts'
import {
  DEFAULT_DNS_PLANS,
  ensureDefaultDnsPlans,
} from '#server/services/dns-plans/ensure-default-plans.ts'
import { withDatabase } from '#tests/setup/free-port.ts'

/**
 * `npm run migrate:dual-billing` (scripts/add-dual-billing-system.ts) run for real, as a
 * child process, against databases of its own on the test server: an empty one, one
 * migrated only part of the way with rows in it, and one whose default plans are gone.
 */
const run = promisify(execFile)
const serverUrl = inject('databaseServerUrl')
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
const created: string[] = []

type JournalEntry = { idx: number; when: number; tag: string }
const journal = JSON.parse(
  readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
) as { version: string; dialect: string; entries: JournalEntry[] }
const ALL_TAGS = journal.entries.map((entry) => entry.tag)

afterAll(async () => {
  for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.end()
})

async function emptyDatabase(label: string): Promise<string> {
  const name = `skypanel_dual_${label}_${process.pid}`
  await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.unsafe(`create database "${name}"`)
  created.push(name)
  return withDatabase(serverUrl, name)
}

async function runScript(databaseUrl: string) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/add-dual-billing-system.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** Applies only the first `count` migrations, through a copy of the folder with a shorter journal. */
async function migrateFirst(databaseUrl: string, count: number): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'skypanel-migrations-'))
  try {
    mkdirSync(path.join(folder, 'meta'))
    const entries = journal.entries.slice(0, count)
    for (const entry of entries) {
      copyFileSync(
        path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`),
        path.join(folder, `${entry.tag}.sql`),
      )
    }
    writeFileSync(
      path.join(folder, 'meta', '_journal.json'),
      JSON.stringify({ ...journal, entries }),
    )
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    try {
      await migrate(drizzle({ client: sql }), { migrationsFolder: folder })
    } finally {
      await sql.end()
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

async function query<T extends Record<string, unknown>>(databaseUrl: string, text: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    return (await sql.unsafe(text)) as unknown as T[]
  } finally {
    await sql.end()
  }
}

/** The DNS plans as the dns_plans table showed them (0018 moved them into the catalog). */
const DNS_PLANS = `(select p.id, p.slug, p.name, p.description, pp.price_cents, 'monthly' as billing_period,
    (p.limits->>'maxDomains')::int as max_domains, (p.limits->>'maxRecords')::int as max_records,
    p.features, p.visibility = 'active' as is_active, p.display_order
  from products p join product_prices pp on pp.product_id = p.id and pp.cycle = 'monthly'
  where p.family = 'dns') dns_plans`
const DNS_PLAN_ID = (slug: string) =>
  `(select id from products where family = 'dns' and slug = '${slug}')`

const PLAN_COLUMNS =
  'slug, name, description, price_cents::int as price_cents, billing_period, max_domains, max_records, features, is_active, display_order'

describe('npm run migrate:dual-billing', () => {
  it('migrates an empty database completely, then finds nothing to do on the second run', async () => {
    const url = await emptyDatabase('empty')

    const first = await runScript(url)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain(`Applied ${ALL_TAGS.length} migrations: ${ALL_TAGS.join(', ')}`)
    // Migration 0006 inserts the default plans itself.
    expect(first.stdout).toContain('DNS plans already present')

    const second = await runScript(url)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toContain('No pending migrations')
    expect(second.stdout).not.toContain('Applied')
    expect(second.stdout).toContain('DNS plans already present')

    const applied = await query<{ n: number }>(
      url,
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    )
    expect(applied[0]!.n).toBe(ALL_TAGS.length)
    const plans = await query<{ slug: string }>(
      url,
      `select slug from ${DNS_PLANS} order by display_order`,
    )
    expect(plans.map((p) => p.slug)).toEqual(['basic', 'pro', 'enterprise'])
  }, 120_000)

  it('finishes a database migrated up to 0003 and leaves its users and ledger untouched', async () => {
    const url = await emptyDatabase('partial')
    await migrateFirst(url, 4)
    const tablesBefore = await query<{ table_name: string }>(
      url,
      "select table_name from information_schema.tables where table_schema = 'public'",
    )
    expect(tablesBefore.map((t) => t.table_name)).not.toContain('dns_plans')

    // Rows written by the old system before the upgrade.
    await query(
      url,
      `insert into users (email, name, password_hash, role) values
         ('old-admin@example.test', 'Old Admin', 'hash-a', 'admin'),
         ('old-user@example.test', 'Old User', 'hash-u', 'user')`,
    )
    await query(
      url,
      `insert into credit_transactions (user_id, type, amount_cents, balance_before_cents, balance_after_cents,
         description, payment_method, admin_user_id, reason)
       select u.id, 'admin_add', 4200, 0, 4200, 'Credits added by an administrator', 'admin', a.id, 'legacy balance'
       from users u, users a where u.email = 'old-user@example.test' and a.email = 'old-admin@example.test'`,
    )
    await query(
      url,
      `insert into user_credits (user_id, balance_cents)
       select id, 4200 from users where email = 'old-user@example.test'`,
    )
    const snapshot = async () => ({
      users: await query(
        url,
        'select id, email, name, password_hash, role, is_active, created_at, updated_at from users order by id',
      ),
      ledger: await query(url, 'select * from credit_transactions order by id'),
      wallets: await query(url, 'select * from user_credits order by user_id'),
    })
    const before = await snapshot()

    const result = await runScript(url)
    expect(result.code, result.stderr).toBe(0)
    const rest = ALL_TAGS.slice(4)
    expect(result.stdout).toContain(`Applied ${rest.length} migrations: ${rest.join(', ')}`)
    expect(result.stdout).toContain('DNS plans already present')

    expect(await snapshot()).toEqual(before)
    const plans = await query<{ slug: string; price_cents: number }>(
      url,
      `select slug, price_cents::int as price_cents from ${DNS_PLANS} order by display_order`,
    )
    expect(plans).toEqual([
      { slug: 'basic', price_cents: 500 },
      { slug: 'pro', price_cents: 1500 },
      { slug: 'enterprise', price_cents: 5000 },
    ])

    const again = await runScript(url)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('No pending migrations')
    expect(again.stdout).toContain('DNS plans already present')
    expect(await snapshot()).toEqual(before)
  }, 120_000)

  it('puts back missing default plans exactly as migration 0006 wrote them, and nothing else', async () => {
    const url = await emptyDatabase('plans')
    expect((await runScript(url)).code).toBe(0)
    const fromMigration = await query(
      url,
      `select ${PLAN_COLUMNS} from ${DNS_PLANS} order by display_order`,
    )
    // An admin's own plan and an edit to a default plan stay as they are.
    await query(
      url,
      `insert into products (family, slug, name, limits) values ('dns', 'custom', 'Custom', '{"maxDomains": 1, "maxRecords": 1}')`,
    )
    await query(
      url,
      `insert into product_prices (product_id, cycle, price_cents) values (${DNS_PLAN_ID('custom')}, 'monthly', 999)`,
    )
    await query(
      url,
      `update product_prices set price_cents = 1700 where product_id = ${DNS_PLAN_ID('pro')}`,
    )
    await query(
      url,
      "delete from products where family = 'dns' and slug in ('basic', 'enterprise')",
    )

    const result = await runScript(url)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('No pending migrations')
    expect(result.stdout).toContain('Added DNS plans: basic, enterprise')

    const plans = await query<{ slug: string; price_cents: number }>(
      url,
      `select ${PLAN_COLUMNS} from ${DNS_PLANS} order by display_order, slug`,
    )
    expect(plans.find((p) => p.slug === 'pro')?.price_cents).toBe(1700)
    expect(plans.find((p) => p.slug === 'custom')).toBeDefined()
    for (const slug of ['basic', 'enterprise']) {
      expect(plans.find((p) => p.slug === slug)).toEqual(fromMigration.find((p) => p.slug === slug))
    }
  }, 120_000)

  it('reports a database it cannot reach and exits 1', async () => {
    const result = await runScript(withDatabase(serverUrl, `skypanel_missing_${process.pid}`))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/Failed: .*does not exist/)
  }, 60_000)
})

describe('ensureDefaultDnsPlans', () => {
  it('matches migration 0006 and skips a default plan whose slug an admin changed', async () => {
    const { db, sql } = createDatabase(process.env.DATABASE_URL!, { max: 1 })
    try {
      // This file's database is a clone of the migrated template: 0006 already ran.
      expect(await ensureDefaultDnsPlans(db)).toEqual([])
      const rows = await sql<{ slug: string }[]>`
        select slug, name, description, price_cents::int as "priceCents", max_domains as "maxDomains",
          max_records as "maxRecords", features, display_order as "displayOrder"
        from ${sql.unsafe(DNS_PLANS)} order by display_order`
      expect(rows).toEqual(DEFAULT_DNS_PLANS)

      // Same name ("Pro", also unique), new slug: neither re-added nor a failure.
      await sql`update products set slug = 'pro-dns' where family = 'dns' and slug = 'pro'`
      expect(await ensureDefaultDnsPlans(db)).toEqual([])
      const [count] = await sql<
        { n: number }[]
      >`select count(*)::int as n from products where family = 'dns'`
      expect(count!.n).toBe(3)
    } finally {
      await sql.end()
    }
  })
})
