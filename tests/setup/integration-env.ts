import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { mockServer } from '#tests/mocks/server.ts'
import { withDatabase } from './free-port.ts'
import { TEST_APP, TEST_OWNER, asRole } from './roles.ts'

/**
 * Runs before each integration test file: a fresh database cloned from the migrated
 * template, so files never see each other's rows. Code under test reads DATABASE_URL, so
 * it is set before any application module is imported.
 */
const TEMPLATE_DATABASE = 'skypanel_test_template'
const serverUrl = inject('databaseServerUrl')
// Unique per running test file (each runs in its own fork), dropped when the file ends.
const database = `skypanel_test_${process.env.VITEST_POOL_ID ?? 0}_${process.pid}`

const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
await admin.unsafe(`drop database if exists "${database}" with (force)`)
await admin.unsafe(
  `create database "${database}" template "${TEMPLATE_DATABASE}" owner "${TEST_OWNER.name}"`,
)
await admin.end()

// The app's code runs as the application role (ADR 017). The owner's URL is for tests that
// check what only the owner may do; scripts a test starts migrate as the application role
// (nothing is pending), or as whatever role the test's own DATABASE_URL names.
process.env.DATABASE_URL = asRole(withDatabase(serverUrl, database), TEST_APP)
process.env.TEST_MIGRATION_DATABASE_URL = asRole(withDatabase(serverUrl, database), TEST_OWNER)
process.env.NODE_ENV = 'test'

beforeAll(() => {
  mockServer.listen({
    onUnhandledRequest(request, print) {
      // Requests to servers the test itself started on loopback are real.
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
  const cleanup = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
  await cleanup.unsafe(`drop database if exists "${database}" with (force)`)
  await cleanup.end()
})
