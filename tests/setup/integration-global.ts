import { rmSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '#db/embedded.ts'
import { migrateDatabase } from '#server/database.ts'
import { freePort, withDatabase } from './free-port.ts'
import { TEST_APP, TEST_OWNER, asRole, ensureTestRoles } from './roles.ts'

export const TEMPLATE_DATABASE = 'skypanel_test_template'

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL, or an embedded server on a free
 * port), and a template database migrated once; each worker clones it. As in production
 * (ADR 017) the template is owned and migrated by a role that is not a superuser, and the
 * tests' code connects as the application role (tests/setup/integration-env.ts).
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL
  let stop = async () => {}
  let cleanup = () => {}
  if (!serverUrl) {
    // Per run and per project: parallel runs (two terminals, CI and a developer) must not share a
    // data dir, and the simulation project may run this setup beside the integration project's.
    const dir = path.resolve(`tests/.tmp/pg-integration-${process.pid}-${project.name}`)
    rmSync(dir, { recursive: true, force: true })
    rmSync(`${dir}.password`, { force: true })
    const embedded = await startEmbeddedPostgres({
      dir,
      port: await freePort(),
      database: 'postgres',
      persistent: false,
    })
    serverUrl = embedded.url
    stop = embedded.stop
    cleanup = () => rmSync(`${dir}.password`, { force: true })
  }
  const adminUrl = withDatabase(serverUrl, 'postgres')
  await ensureTestRoles(adminUrl)
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`)
  await admin.unsafe(`create database "${TEMPLATE_DATABASE}" owner "${TEST_OWNER.name}"`)
  await admin.end()
  const template = withDatabase(serverUrl, TEMPLATE_DATABASE)
  await migrateDatabase({
    migrationUrl: asRole(template, TEST_OWNER),
    url: asRole(template, TEST_APP),
  })

  project.provide('databaseServerUrl', serverUrl)
  return async () => {
    await stop()
    cleanup()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string
    e2eBaseUrl: string
    e2eDatabaseUrl: string
    e2eSessionSecret: string
  }
}
