import { defineConfig } from 'vitest/config'

const alias = {
  '#app': new URL('./app', import.meta.url).pathname,
  '#server': new URL('./server', import.meta.url).pathname,
  '#db': new URL('./db', import.meta.url).pathname,
  '#tests': new URL('./tests', import.meta.url).pathname,
}

/**
 * The layers (docs/ARCHITECTURE.md): unit tests beside the code with no database,
 * integration tests on a real PostgreSQL (one database per worker, cloned from a migrated
 * template), end-to-end tests driving Chromium against the production build, the ledger
 * simulation, the app behind a real PgBouncer in transaction mode, and a release made the
 * way the image is (deploy/scripts/build.sh) run without dev dependencies.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['{app,server,db,scripts}/**/*.test.{ts,tsx}'],
          environment: 'node',
          env: { NODE_ENV: 'test' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/integration-global.ts'],
          setupFiles: ['tests/setup/integration-env.ts'],
          env: { NODE_ENV: 'test' },
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/e2e-global.ts'],
          env: { NODE_ENV: 'test' },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A page answers within a second on a quiet machine, not on a crowded 2-core one:
          // polls wait for what a person would, as Playwright's own expect does.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'simulation',
          sequence: { groupOrder: 3 },
          include: ['tests/simulation/**/*.test.ts'],
          // The integration globalSetup, sharing the integration project's server when both run.
          globalSetup: ['tests/simulation/global-setup.ts'],
          setupFiles: ['tests/setup/integration-env.ts'],
          env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'pgbouncer',
          sequence: { groupOrder: 4 },
          include: ['tests/pgbouncer/**/*.test.ts'],
          // The app and its jobs through PgBouncer in transaction mode (ADR 008).
          globalSetup: ['tests/pgbouncer/global-setup.ts'],
          setupFiles: ['tests/pgbouncer/setup-file.ts'],
          env: { NODE_ENV: 'test', DATABASE_PREPARE: 'false' },
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'packaging',
          sequence: { groupOrder: 5 },
          include: ['tests/packaging/**/*.test.ts'],
          // deploy/scripts/build.sh in a clean copy of the tree, `npm ci --omit=dev` included.
          env: { NODE_ENV: 'test' },
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 180_000,
          hookTimeout: 420_000,
        },
      },
    ],
  },
})
