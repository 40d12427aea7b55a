import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { env } from '#server/env.ts'
import * as schema from './schema/index.ts'

/**
 * Every postgres.js client of the app, its jobs, migrations and scripts is opened here, so
 * DATABASE_PREPARE reaches all of them. Behind a transaction pooler (false, ADR 008) each
 * statement may run on another server connection: a named prepared statement is missing
 * there (and the driver's silent re-prepare turned a failed COMMIT into an acknowledged
 * ROLLBACK), and a query pipelined behind another's Sync loses its answer when the pooler
 * hands the server on. So: unnamed statements only, and no pipelining (`max_pipeline: 0`
 * needs the begin() fix in scripts/patch-postgres.mjs).
 */
export function openPostgres(
  url: string,
  options: postgres.Options<Record<string, postgres.PostgresType>> = {},
): postgres.Sql {
  // max_pipeline is a driver option its type declarations leave out.
  const transactionPooling = { prepare: false, max_pipeline: 0 }
  return postgres(url, {
    onnotice: () => {},
    ...options,
    ...(env.DATABASE_PREPARE ? {} : transactionPooling),
  })
}

export function createDatabase(url: string, options: { max?: number; readOnly?: boolean } = {}) {
  const sql = openPostgres(url, {
    max: options.max ?? 10,
    // Set when the session starts, so every transaction on it is read-only: a write fails
    // with 25006 even when the URL names the primary.
    ...(options.readOnly ? { connection: { default_transaction_read_only: true } } : {}),
    // While PostgreSQL is down a request should fail fast (503), not wait in the driver's
    // reconnect queue for the default 30 s.
    connect_timeout: 3,
    // The driver's default backoff grows to 20 s between reconnects and holds queries that
    // long; a short constant one lets each waiting query fail (503) or run within a second.
    backoff: () => 0.25,
    // The per-connection type lookup is the query postgres.js 3.4 leaves unhandled when a
    // backend is killed (porsager/postgres#1154); we use no custom array types.
    fetch_types: false,
  })
  const db = drizzle({ client: sql, schema, casing: 'snake_case' })
  return { sql, db }
}

export type Database = ReturnType<typeof createDatabase>
export type Db = Database['db']
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx
