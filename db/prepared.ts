import type postgres from 'postgres'
import type { DbOrTx } from './connection.ts'

/**
 * Hot queries built once (issue #15). Building a drizzle query (`_prepare`/`sqlToQuery`) on
 * every call was ~8% of the app's CPU per request; these helpers build the SQL text the first
 * time and afterwards only bind values.
 *
 * Both ask postgres.js for a named prepared statement (`prepare: true`, one parse and plan per
 * server connection). openPostgres sets `prepare: false` on every connection when
 * DATABASE_PREPARE=false (PgBouncer in transaction mode, ADR 008), and the connection's
 * setting wins over the query's (`options.prepare && query.options.prepare` in the driver), so
 * behind a pooler the same statements go out unnamed: built once, parsed every time.
 */

type Client = postgres.Sql | postgres.TransactionSql

/** The postgres.js client a drizzle database or transaction sends its statements through. */
function clientOf(db: DbOrTx): Client {
  return (db._.session as unknown as { client: Client }).client
}

type Executable<R, V> = { execute(values?: V): Promise<R> }

/**
 * A drizzle query, written with `sql.placeholder(...)` for its values and ended with
 * `.prepare(name)`, built on first use and run on whichever database or transaction the
 * caller passes: drizzle binds a prepared query to the client it was built on, so for another
 * one (a transaction) it is re-pointed once per client, not rebuilt.
 */
export function preparedQuery<R, V extends Record<string, unknown>>(
  build: (db: DbOrTx) => Executable<R, V>,
): (db: DbOrTx, values: V) => Promise<R> {
  let built: Executable<R, V> | undefined
  const byClient = new WeakMap<Client, Executable<R, V>>()
  return (db, values) => {
    const client = clientOf(db)
    let query = byClient.get(client)
    if (!query) {
      built ??= build(db)
      query = Object.create(built, { client: { value: client } }) as Executable<R, V>
      byClient.set(client, query)
    }
    return query.execute(values)
  }
}

/**
 * A fixed SQL text with positional parameters ($1, $2, …), run on the caller's database or
 * transaction. Rows come back as postgres.js gives them (the client's parsers: drizzle leaves
 * timestamps as text, int8 is text).
 */
export function preparedSql<Row extends Record<string, unknown>>(
  text: string,
): (db: DbOrTx, params: unknown[]) => Promise<Row[]> {
  return async (db, params) =>
    (await clientOf(db).unsafe(text, params as never[], { prepare: true })) as unknown as Row[]
}
