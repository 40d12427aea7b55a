import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type postgres from 'postgres'
import { openPostgres } from './connection.ts'
import { MIGRATION_LOCK } from './migrate.ts'

/**
 * Two database roles (ADR 017): the migration role owns the schema (MIGRATION_DATABASE_URL);
 * the application role (DATABASE_URL) gets only what the app uses. It is not the owner and
 * not a superuser, so it cannot disable the journal's triggers, set
 * session_replication_role or rewrite history: the privileges below make that impossible,
 * whatever SQL the app sends.
 */

/** Journals whose rows are never changed or removed (also refused by their triggers). */
export const APPEND_ONLY_TABLES = [
  'credit_transactions',
  'admin_audit_log',
  'documents',
  'document_logos',
] as const

/** The application role the embedded server gets; its password is kept in `<dir>.app-password`. */
export const EMBEDDED_APP_ROLE = 'skypanel_app'

export type RoleSeparation = { applicationRole: string; migrationRole: string; separate: boolean }

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`

/** Who a connection string logs in as, and where. */
export async function connectedAs(url: string): Promise<{ role: string; database: string }> {
  const sql = openPostgres(url, { max: 1, fetch_types: false })
  try {
    const [row] = await sql<{ role: string; database: string }[]>`
      select current_user as role, current_database() as database`
    return row!
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/**
 * Before anything is migrated: both connection strings must reach one database (a
 * MIGRATION_DATABASE_URL left over from another setup would migrate that one instead).
 */
export async function assertSameDatabase(migrationUrl: string, applicationUrl: string) {
  if (migrationUrl === applicationUrl) return
  const [migration, application] = await Promise.all([
    connectedAs(migrationUrl),
    connectedAs(applicationUrl),
  ])
  if (migration.database !== application.database) {
    throw new Error(
      `MIGRATION_DATABASE_URL reaches database "${migration.database}" but DATABASE_URL ` +
        `reaches "${application.database}": they must name the same database. Nothing was changed.`,
    )
  }
}

/**
 * After the migrations, run by the migration role: gives the application role of
 * `applicationUrl` its privileges on every table (so new tables get them the moment they
 * exist) and takes away UPDATE, DELETE and TRUNCATE on the append-only journals. Nothing to
 * do when both URLs name the same role (one-role setups). Refuses an application role that
 * could undo it: a superuser, a member of the migration role, the database's owner.
 */
export async function grantApplicationRole(
  migrationUrl: string,
  applicationUrl: string,
): Promise<RoleSeparation> {
  const application = await connectedAs(applicationUrl)
  const applicationRole = application.role
  const sql = openPostgres(migrationUrl, { max: 1, fetch_types: false })
  try {
    return await sql.begin(async (tx) => {
      // Concurrent GRANTs on one table fail ("tuple concurrently updated"): one at a time,
      // and not while another process migrates.
      await tx.unsafe(`set local lock_timeout = 30000`)
      await tx.unsafe(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
      const [me] = await tx<{ role: string; database: string }[]>`
        select current_user as role, current_database() as database`
      const migrationRole = me!.role
      if (me!.database !== application.database) {
        throw new Error(
          `The migration role's database "${me!.database}" is not the app's "${application.database}".`,
        )
      }
      if (applicationRole === migrationRole) {
        return { applicationRole, migrationRole, separate: false }
      }
      const [app] = await tx<{ superuser: boolean; member: boolean; databaseOwner: boolean }[]>`
        select r.rolsuper as superuser,
               pg_has_role(r.oid, ${migrationRole}, 'member') as member,
               d.datdba = r.oid as "databaseOwner"
          from pg_roles r, pg_database d
         where r.rolname = ${applicationRole} and d.datname = current_database()`
      const danger = app?.superuser
        ? 'a superuser'
        : app?.member
          ? `a member of "${migrationRole}"`
          : app?.databaseOwner
            ? 'the owner of the database'
            : null
      if (danger) {
        throw new Error(
          `DATABASE_URL's role "${applicationRole}" is ${danger}: it could rewrite the journal. ` +
            'Give the app a role of its own (ADR 017, docs/operations/backup-restore.md).',
        )
      }
      const [jobs] = await tx<{ installed: boolean }[]>`
        select to_regnamespace('pgboss') is not null as installed`
      await tx
        .unsafe(
          applicationRoleGrants(applicationRole, application.database, {
            jobQueue: jobs!.installed,
          }),
        )
        .simple()
      return { applicationRole, migrationRole, separate: true }
    })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/**
 * The application role's privileges, restated in full at every start (idempotent): what the
 * app reads and writes, never TRUNCATE, REFERENCES or TRIGGER, never UPDATE or DELETE on an
 * append-only journal, no CREATE anywhere. pg-boss's schema (installed by the migration
 * role, `installJobQueueSchema`) is data to it, like the app's tables.
 */
export function applicationRoleGrants(
  role: string,
  database: string,
  options: { jobQueue: boolean },
): string {
  const app = ident(role)
  const appendOnly = APPEND_ONLY_TABLES.map((table) => `public.${ident(table)}`).join(', ')
  const schemaGrants = (schema: string) => `
    revoke all on all tables in schema ${schema} from ${app};
    revoke create on schema ${schema} from ${app};
    grant usage on schema ${schema} to ${app};
    grant select, insert, update, delete on all tables in schema ${schema} to ${app};
    grant usage, select on all sequences in schema ${schema} to ${app};`
  return `
    revoke create on database ${ident(database)} from ${app};
    ${schemaGrants('public')}
    revoke update, delete on ${appendOnly} from ${app};
    revoke all on all tables in schema drizzle from ${app};
    revoke create on schema drizzle from ${app};
    grant usage on schema drizzle to ${app};
    grant select on drizzle.__drizzle_migrations to ${app};
    ${options.jobQueue ? schemaGrants('pgboss') : ''}
  `
}

/** A secret file beside the embedded data directory: read, or created once (first writer wins). */
function readOrCreateSecret(file: string): { secret: string; created: boolean } {
  try {
    return { secret: readFileSync(file, 'utf8').trim(), created: false }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = randomBytes(18).toString('base64url')
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return { secret, created: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return { secret: readFileSync(file, 'utf8').trim(), created: false }
  }
}

/**
 * The embedded server's application role: created (NOSUPERUSER, owning nothing) on new and
 * existing data directories alike, with a generated password kept in `<dir>.app-password`.
 * `ownerUrl` is the server's superuser on the app's database, which stays the migration
 * role (it owns what older versions created). Returns the application's URL.
 */
export async function ensureEmbeddedApplicationRole(
  ownerUrl: string,
  dir: string,
): Promise<string> {
  const { secret, created } = readOrCreateSecret(`${path.resolve(dir)}.app-password`)
  const sql = openPostgres(ownerUrl, { max: 1, fetch_types: false })
  try {
    await ensureLoginRole(sql, EMBEDDED_APP_ROLE, secret, created)
  } finally {
    await sql.end({ timeout: 5 })
  }
  const url = new URL(ownerUrl)
  url.username = EMBEDDED_APP_ROLE
  url.password = secret
  return url.toString()
}

async function ensureLoginRole(
  sql: postgres.Sql,
  role: string,
  password: string,
  newPassword: boolean,
): Promise<void> {
  const [found] = await sql`select 1 from pg_roles where rolname = ${role}`
  // The password is a literal: CREATE/ALTER ROLE take no parameters.
  const literal = `'${password.replaceAll("'", "''")}'`
  const attributes = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls'
  if (!found) {
    // Another process may create it at the same moment, with the same password file.
    await sql
      .unsafe(`create role ${ident(role)} with ${attributes} password ${literal}`)
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== '42710') throw error
      })
  } else if (newPassword) {
    // The password file was removed: the role takes the new one.
    await sql.unsafe(`alter role ${ident(role)} with ${attributes} password ${literal}`)
  }
}
