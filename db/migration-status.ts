import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { createDatabase, type Db } from './connection.ts'
import { pgErrorOf } from './errors.ts'
import { MIGRATIONS_FOLDER } from './migrate.ts'

type JournalEntry = { tag: string; when: number }

export type MigrationStatus = {
  /** This build's migrations found in the database. */
  applied: number
  /** This build's migrations. */
  expected: number
  /** Applied migrations this build does not know: a newer release's (rolling upgrade). */
  newer: number
  /** Tags of this build's migrations the database lacks. */
  missing: string[]
}

let journal: JournalEntry[] | null = null

/** This build's migrations; drizzle stores each one's journal `when` as its created_at. */
export function knownMigrations(): JournalEntry[] {
  journal ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: JournalEntry[]
    }
  ).entries
  return journal
}

/**
 * Does the database hold every migration this build needs (ADR 018)? Migrations of a newer
 * release are fine: during a rolling upgrade the first new instance (or the release step)
 * migrates while old instances still serve, and expand/contract keeps the old code working
 * on the expanded schema. A database never migrated lacks all of them.
 */
export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const known = knownMigrations()
  let rows: { created_at: string }[]
  try {
    rows = await db.execute<{ created_at: string }>(
      sql`select created_at::text as created_at from drizzle.__drizzle_migrations`,
    )
  } catch (error) {
    if (pgErrorOf(error)?.code !== '42P01') throw error // undefined_table: never migrated
    rows = []
  }
  const present = new Set(rows.map((row) => row.created_at))
  const missing = known.filter((entry) => !present.has(String(entry.when))).map((e) => e.tag)
  const knownWhens = new Set(known.map((entry) => String(entry.when)))
  return {
    applied: known.length - missing.length,
    expected: known.length,
    newer: [...present].filter((when) => !knownWhens.has(when)).length,
    missing,
  }
}

/**
 * MIGRATE_ON_START=false: the release step migrates (`npm run db:migrate`) and a starting
 * process only checks. It refuses to start on a database that lacks any of this build's
 * migrations rather than serve on a schema its code does not match (ADR 018).
 */
export async function requireMigrations(databaseUrl: string): Promise<MigrationStatus> {
  const { db, sql } = createDatabase(databaseUrl, { max: 1 })
  try {
    const status = await migrationStatus(db)
    if (status.missing.length > 0) {
      throw new Error(
        `The database lacks ${status.missing.length} of this build's ${status.expected} migrations ` +
          `(${status.missing.join(', ')}). MIGRATE_ON_START=false leaves migrating to the release ` +
          'step: run `npm run db:migrate` with this build first, then start it (or set ' +
          'MIGRATE_ON_START=true).',
      )
    }
    return status
  } finally {
    await sql.end({ timeout: 5 })
  }
}
