import { describeDatabaseUrl, openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { env, type Env } from './env.ts'

export type ResolvedDatabase = { url: string; description: string; stop: () => Promise<void> }

type DatabaseSettings = Pick<Env, 'DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT'>

/**
 * The database of the app and of every script: DATABASE_URL when set; otherwise the embedded
 * PostgreSQL in EMBEDDED_PG_DIR, shared with every other process using it (a script beside
 * the running app attaches to the app's server). `stop()` lets go of it: the embedded server
 * stops only when no other process still uses it.
 */
export async function resolveDatabase(settings: DatabaseSettings = env): Promise<ResolvedDatabase> {
  if (settings.DATABASE_URL) {
    return {
      url: settings.DATABASE_URL,
      description: `DATABASE_URL ${describeDatabaseUrl(settings.DATABASE_URL)}`,
      stop: async () => {},
    }
  }
  const embedded = await openSharedEmbeddedPostgres({
    dir: settings.EMBEDDED_PG_DIR,
    port: settings.EMBEDDED_PG_PORT,
    database: 'skypanel',
  })
  return {
    url: embedded.url,
    description:
      `embedded PostgreSQL ${describeDatabaseUrl(embedded.url)} (data in ${settings.EMBEDDED_PG_DIR}, ` +
      `${embedded.startedHere ? 'started' : 'already running: shared'})`,
    stop: embedded.stop,
  }
}
