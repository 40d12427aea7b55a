import { env } from '#server/env.ts'
import { createDatabase, type Database } from './connection.ts'

export type { Db, DbOrTx, Tx } from './connection.ts'

// One pool per process. The development server re-imports the build on every change, so
// there the pool lives on globalThis instead of leaking a new one per rebuild.
const globalForDb = globalThis as unknown as { __skypanelDb?: Database }

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

export async function closeDatabase(): Promise<void> {
  await sql.end({ timeout: 5 })
  delete globalForDb.__skypanelDb
}
