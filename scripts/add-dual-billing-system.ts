/**
 * `npm run migrate:dual-billing`: brings an EXISTING database (DATABASE_URL, or the
 * embedded one) up to the dual billing system (custom credits + VirtFusion tokens, DNS
 * plans, API tokens): applies every pending migration, then makes sure the default DNS
 * plans exist, and prints exactly what it changed. It only ever adds: nothing is dropped,
 * no existing row is modified, and running it again changes nothing.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type postgres from 'postgres'
import { createDatabase } from '#db/connection.ts'
import { MIGRATIONS_FOLDER } from '#db/migrate.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { ensureDefaultDnsPlans } from '#server/services/dns-plans/ensure-default-plans.ts'

type JournalEntry = { idx: number; when: number; tag: string }

function readJournal(): JournalEntry[] {
  const file = path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json')
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }).entries
}

/** The created_at of every applied migration (drizzle stores the journal's `when` there). */
async function appliedMigrations(sql: postgres.Sql): Promise<Set<string>> {
  const [table] = await sql<{ exists: boolean }[]>`
    select to_regclass('drizzle.__drizzle_migrations') is not null as exists`
  if (!table?.exists) return new Set()
  const rows = await sql<{ created_at: string }[]>`
    select created_at::text as created_at from drizzle.__drizzle_migrations`
  return new Set(rows.map((row) => row.created_at))
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

const database = await resolveDatabase()
// The owner's connection: it reads drizzle's bookkeeping before the app role may (ADR 017).
const { db, sql } = createDatabase(database.migrationUrl, { max: 1 })
let exitCode = 0
try {
  console.log(`Database: ${database.description}`)
  const journal = readJournal()
  const before = await appliedMigrations(sql)
  const result = await migrateDatabase(database)
  const after = await appliedMigrations(sql)

  const added = [...after].filter((createdAt) => !before.has(createdAt))
  if (added.length === 0) {
    console.log(`No pending migrations (${plural(result.total, 'migration')} applied before).`)
  } else {
    const names = added
      .map((createdAt) => ({
        createdAt,
        entry: journal.find((entry) => String(entry.when) === createdAt),
      }))
      .sort((a, b) => (a.entry?.idx ?? Infinity) - (b.entry?.idx ?? Infinity))
      .map(({ createdAt, entry }) => entry?.tag ?? `(not in the journal: created_at ${createdAt})`)
    console.log(`Applied ${plural(added.length, 'migration')}: ${names.join(', ')}`)
  }

  const plans = await ensureDefaultDnsPlans(db)
  console.log(
    plans.length > 0 ? `Added DNS plans: ${plans.join(', ')}` : 'DNS plans already present',
  )
} catch (error) {
  // Pending migrations are applied in one transaction: a failure leaves none of them applied.
  console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`)
  exitCode = 1
} finally {
  await sql.end({ timeout: 5 })
  await database.stop()
}
process.exit(exitCode)
