import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '#db/embedded.ts'
import { freePort } from './free-port.ts'

/** The app's secret, handed to tests that sign links (unsubscribe) the app must accept. */
const E2E_SESSION_SECRET = 'e2e-session-secret-0123456789abcdefghijkl'

/**
 * Starts the production build (`npm run build` output) on its own embedded PostgreSQL, the
 * way `npm start` runs it, and hands its URL to the browser tests.
 */
export default async function setup(project: TestProject) {
  if (!existsSync('build/main.js') || !existsSync('build/index.js')) {
    throw new Error(
      'No production build: run `npm run build` before the e2e layer (npm test does).',
    )
  }
  const dir = path.resolve(`tests/.tmp/pg-e2e-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}.password`, { force: true })
  const database = await startEmbeddedPostgres({
    dir,
    port: await freePort(),
    database: 'skypanel_e2e',
    persistent: false,
  })
  const port = await freePort()
  const baseUrl = `http://localhost:${port}`

  const app: ChildProcess = spawn(process.execPath, ['build/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SESSION_SECRET: E2E_SESSION_SECRET,
      APP_URL: baseUrl,
      ALLOW_OFFLINE_PAYMENTS: 'true',
      // A client id makes the page load the PayPal SDK (stubbed by the tests); without the
      // secret the server side still talks to the simulated PayPal.
      PAYPAL_CLIENT_ID: 'e2e-client-id',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  app.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  app.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`App did not start in 60 s:\n${output}`)),
      60_000,
    )
    app.on('exit', (code) => reject(new Error(`App exited with ${code}:\n${output}`)))
    const poll = setInterval(() => {
      if (output.includes('Ready:')) {
        clearInterval(poll)
        clearTimeout(timer)
        resolve()
      }
    }, 100)
  })

  project.provide('e2eBaseUrl', baseUrl)
  project.provide('e2eDatabaseUrl', database.url)
  project.provide('e2eSessionSecret', E2E_SESSION_SECRET)
  return async () => {
    app.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 500))
    if (process.env.E2E_SHOW_APP_LOG) console.log(output)
    await database.stop()
    rmSync(`${dir}.password`, { force: true })
  }
}
