import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export function createDatabase(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
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
