import type { TestProject } from 'vitest/node'
import integrationSetup from '../setup/integration-global.ts'

/**
 * The simulation project's globalSetup: the integration project's, shared.
 *
 * tests/setup/integration-global.ts starts an embedded PostgreSQL in a directory named
 * after the vitest process id, after deleting whatever is there. When `npm test` runs the
 * integration and simulation projects in one vitest process, a second call would delete
 * the data directory of the server the integration project just started (its tests then
 * fail with "could not open file global/pg_filenode.map"). So when the integration project
 * is part of this run and already has its server, the simulation uses that server (and
 * the template database it migrated); otherwise it runs the integration setup itself.
 */
export default async function setup(project: TestProject) {
  const integration = project.vitest.projects.find(
    (other) => other !== project && other.name === 'integration',
  )
  const shared = integration?.getProvidedContext().databaseServerUrl
  if (shared) {
    // The integration project owns that server and stops it when the whole run ends.
    project.provide('databaseServerUrl', shared)
    return
  }
  return integrationSetup(project)
}
