import { SESSION_SECRET } from './config.ts'

/**
 * The app's own modules, loaded into the bench process for the direct measurements
 * (createApiToken, the services engine's runRenewals). server/env.ts parses process.env when first imported, so
 * the environment is set to match the app under test before the dynamic imports.
 */
export async function loadServerModules(databaseUrl: string) {
  process.env.NODE_ENV = 'production'
  process.env.SESSION_SECRET = SESSION_SECRET
  process.env.ALLOW_OFFLINE_PAYMENTS = 'true'
  process.env.JOBS_ENABLED = 'false'
  process.env.DATABASE_URL = databaseUrl
  process.env.LOG_LEVEL ??= 'warn'
  const [connection, apiTokens, renewals] = await Promise.all([
    import('#db/connection.ts'),
    import('#server/services/api-tokens/api-tokens.ts'),
    import('#server/services/services/run-renewals.ts'),
  ])
  return {
    createDatabase: connection.createDatabase,
    createApiToken: apiTokens.createApiToken,
    runRenewals: renewals.runRenewals,
  }
}

export type ServerModules = Awaited<ReturnType<typeof loadServerModules>>
