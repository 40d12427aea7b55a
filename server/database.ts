import { describeDatabaseUrl, openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { runMigrations } from '#db/migrate.ts'
import { requireMigrations } from '#db/migration-status.ts'
import {
  assertSameDatabase,
  ensureEmbeddedApplicationRole,
  grantApplicationRole,
  type RoleSeparation,
} from '#db/roles.ts'
import { env, type Env } from './env.ts'
import { installJobQueueSchema } from './jobs/schema.ts'

export type ResolvedDatabase = {
  /** The application role's connection: the app's pool, its jobs, the scripts' work. */
  url: string
  /** The owner's, for migrations only (MIGRATION_DATABASE_URL; DATABASE_URL when unset). */
  migrationUrl: string
  description: string
  stop: () => Promise<void>
}

type DatabaseSettings = Pick<
  Env,
  'DATABASE_URL' | 'MIGRATION_DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT'
>

/**
 * The database of the app and of every script: DATABASE_URL when set (and
 * MIGRATION_DATABASE_URL for migrations, ADR 017); otherwise the embedded PostgreSQL in
 * EMBEDDED_PG_DIR, shared with every other process using it (a script beside the running
 * app attaches to the app's server), where the app connects as `skypanel_app` and the
 * migrations run as the server's superuser. `stop()` lets go of it: the embedded server
 * stops only when no other process still uses it.
 */
export async function resolveDatabase(settings: DatabaseSettings = env): Promise<ResolvedDatabase> {
  if (settings.DATABASE_URL) {
    const migrationUrl = settings.MIGRATION_DATABASE_URL ?? settings.DATABASE_URL
    return {
      url: settings.DATABASE_URL,
      migrationUrl,
      description:
        `DATABASE_URL ${describeDatabaseUrl(settings.DATABASE_URL)}` +
        (settings.MIGRATION_DATABASE_URL
          ? `, migrations as MIGRATION_DATABASE_URL ${describeDatabaseUrl(migrationUrl)}`
          : ''),
      stop: async () => {},
    }
  }
  const embedded = await openSharedEmbeddedPostgres({
    dir: settings.EMBEDDED_PG_DIR,
    port: settings.EMBEDDED_PG_PORT,
    database: 'skypanel',
  })
  try {
    const url = await ensureEmbeddedApplicationRole(embedded.url, settings.EMBEDDED_PG_DIR)
    return {
      url,
      migrationUrl: embedded.url,
      description:
        `embedded PostgreSQL ${describeDatabaseUrl(url)} (data in ${settings.EMBEDDED_PG_DIR}, ` +
        `${embedded.startedHere ? 'started' : 'already running: shared'})`,
      stop: embedded.stop,
    }
  } catch (error) {
    await embedded.stop().catch(() => {})
    throw error
  }
}

/**
 * Brings the database up to date, as the migration role: pending migrations, pg-boss's
 * schema and queues, then the application role's privileges (when it is another role).
 * Every process that migrates (the app, the worker, the scripts) does it this way.
 */
export async function migrateDatabase(
  database: Pick<ResolvedDatabase, 'url' | 'migrationUrl'>,
  options: { lockTimeoutMs?: number } = {},
): Promise<{ applied: number; total: number } & RoleSeparation> {
  await assertSameDatabase(database.migrationUrl, database.url)
  const migrations = await runMigrations(database.migrationUrl, options)
  await installJobQueueSchema(database.migrationUrl)
  const roles = await grantApplicationRole(database.migrationUrl, database.url)
  return { ...migrations, ...roles }
}

/**
 * What a starting web or worker process does about the schema: migrate it
 * (MIGRATE_ON_START, the default), or leave that to the release step (`npm run db:migrate`,
 * ADR 018) and refuse to start on a database that lacks any of this build's migrations.
 */
export async function prepareSchemaAtStart(
  database: Pick<ResolvedDatabase, 'url' | 'migrationUrl'>,
): Promise<string> {
  if (env.MIGRATE_ON_START) {
    const migrations = await migrateDatabase(database)
    return `Migrations: ${migrations.applied} applied, ${migrations.total} in total.`
  }
  const status = await requireMigrations(database.url)
  return `Migrations: not applied at start (MIGRATE_ON_START=false); all ${status.expected} of this build present.`
}
