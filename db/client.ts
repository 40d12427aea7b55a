import { env } from '#server/env.ts'
import { createDatabase, type Database, type Db } from './connection.ts'

export type { Db, DbOrTx, Tx } from './connection.ts'

// One pool per process. The development server re-imports the build on every change, so
// there the pool lives on globalThis instead of leaking a new one per rebuild.
const globalForDb = globalThis as unknown as {
  __skypanelDb?: Database
  __skypanelReadDb?: Database
}

function connect(): Database {
  if (!env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: start the app through server/main.ts or set it.')
  }
  return createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX })
}

const database: Database =
  env.NODE_ENV === 'development' ? (globalForDb.__skypanelDb ??= connect()) : connect()

export const db = database.db
export const sql = database.sql

/**
 * The read pool (DATABASE_READ_URL, a replica) for reports, CSV exports and history listings
 * only; without it they read the primary through `db`. Its sessions are read-only, so a
 * write sent through it fails, even when the URL names the primary. A replica lags: never
 * read here what a money decision or a read-your-own-write depends on (ADR 019).
 */
function connectRead(url: string): Database {
  return createDatabase(url, { max: env.DATABASE_POOL_MAX, readOnly: true })
}
const readDatabase: Database | null = env.DATABASE_READ_URL
  ? env.NODE_ENV === 'development'
    ? (globalForDb.__skypanelReadDb ??= connectRead(env.DATABASE_READ_URL))
    : connectRead(env.DATABASE_READ_URL)
  : null

export const readDb: Db = readDatabase?.db ?? db

export async function closeDatabase(): Promise<void> {
  await Promise.all([sql.end({ timeout: 5 }), readDatabase?.sql.end({ timeout: 5 })])
  delete globalForDb.__skypanelDb
  delete globalForDb.__skypanelReadDb
}
