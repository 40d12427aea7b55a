import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { mockServer } from '#tests/mocks/server.ts'
import { withDatabase } from '../setup/free-port.ts'

/**
 * Before each test file: its own database cloned from the template, reached by the app
 * through PgBouncer (DATABASE_URL) and by the checks directly (DIRECT_DATABASE_URL). Set
 * before any application module is imported, like tests/setup/integration-env.ts.
 */
const serverUrl = inject('pgbouncerServerUrl')
const database = `skypanel_pgbouncer_${process.env.VITEST_POOL_ID ?? 0}_${process.pid}`

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
await admin.unsafe(`drop database if exists "${database}" with (force)`)
await admin.unsafe(`create database "${database}" template "${inject('pgbouncerTemplate')}"`)
await admin.end()

const through = new URL(withDatabase(serverUrl, database))
through.port = String(inject('pgbouncerPort'))
process.env.DATABASE_URL = through.toString()
process.env.DIRECT_DATABASE_URL = withDatabase(serverUrl, database)
process.env.NODE_ENV = 'test'

beforeAll(() => {
  mockServer.listen({
    onUnhandledRequest(request, print) {
      if (['127.0.0.1', 'localhost', '[::1]'].includes(new URL(request.url).hostname)) return
      print.error()
    },
  })
})
afterEach(() => mockServer.resetHandlers())
afterAll(async () => {
  mockServer.close()
  const { closeDatabase } = await import('#db/client.ts')
  await closeDatabase()
  const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await cleanup.unsafe(`drop database if exists "${database}" with (force)`)
  await cleanup.end()
})
