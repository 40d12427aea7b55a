import { rmSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '#db/embedded.ts'
import { runMigrations } from '#db/migrate.ts'
import { freePort, withDatabase } from '../setup/free-port.ts'
import { findPgBouncer, startPgBouncer } from './pgbouncer.ts'

const TEMPLATE_DATABASE = 'skypanel_pgbouncer_template'
/** Small on purpose: every client of the app and its jobs shares three server connections. */
const POOL_SIZE = 3

/**
 * The pgbouncer layer's own PostgreSQL (embedded, on a free port) with a migrated template
 * database, and Debian's PgBouncer in transaction mode in front of it. Tests reach the app's
 * database through PgBouncer and check what was stored directly on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  if (!findPgBouncer()) {
    // `npm test` skips this layer with a notice (and fails under CI=true) before it gets here.
    throw new Error(
      'pgbouncer not found: install it (`sudo apt-get install -y pgbouncer`) or set PGBOUNCER_PATH.',
    )
  }
  const dir = path.resolve(`tests/.tmp/pg-pgbouncer-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}.password`, { force: true })
  const server = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    database: 'postgres',
    persistent: false,
  })
  const bouncer = await startPgBouncer({
    databaseUrl: server.url,
    port: await freePort(),
    dir: `${dir}-bouncer`,
    poolSize: POOL_SIZE,
  }).catch(async (error: unknown) => {
    await server.stop()
    throw error
  })

  const admin = postgres(server.url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${TEMPLATE_DATABASE}"`)
  await admin.end()
  await runMigrations(withDatabase(server.url, TEMPLATE_DATABASE))

  project.provide('pgbouncerServerUrl', server.url)
  project.provide('pgbouncerPort', bouncer.port)
  project.provide('pgbouncerTemplate', TEMPLATE_DATABASE)
  return async () => {
    await bouncer.stop()
    await server.stop()
    rmSync(`${dir}.password`, { force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server itself (database `postgres`), for setup and for checks. */
    pgbouncerServerUrl: string
    pgbouncerPort: number
    /** A migrated database each test file clones. */
    pgbouncerTemplate: string
  }
}
