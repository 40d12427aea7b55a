import { describeDatabaseUrl, startEmbeddedPostgres } from '#db/embedded.ts'
import { env } from './env.ts'

export type ResolvedDatabase = { url: string; description: string; stop: () => Promise<void> }

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in EMBEDDED_PG_DIR. */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    return {
      url: env.DATABASE_URL,
      description: `DATABASE_URL ${describeDatabaseUrl(env.DATABASE_URL)}`,
      stop: async () => {},
    }
  }
  const embedded = await startEmbeddedPostgres({
    dir: env.EMBEDDED_PG_DIR,
    port: env.EMBEDDED_PG_PORT,
    database: 'skypanel',
  })
  return {
    url: embedded.url,
    description: `embedded PostgreSQL ${describeDatabaseUrl(embedded.url)} (data in ${env.EMBEDDED_PG_DIR})`,
    stop: embedded.stop,
  }
}
