import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmbeddedPostgres } from '#db/embedded.ts'
import { migrateDatabase, resolveDatabase } from '#server/database.ts'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * The scripts against the embedded database while the app has it open (issue #10): each
 * runs as a child process with the app's EMBEDDED_PG_DIR and EMBEDDED_PG_PORT, uses the
 * app's server, and leaves it running. The app's side is `resolveDatabase`, as in
 * server/main.ts.
 */
const run = promisify(execFile)
const dir = path.resolve(`tests/.tmp/pg-beside-app-${process.pid}`)
let port: number

const settings = () => ({ DATABASE_URL: undefined, EMBEDDED_PG_DIR: dir, EMBEDDED_PG_PORT: port })

type Result = { code: number; stdout: string; stderr: string }

// An empty DATABASE_URL counts as unset: the script resolves the embedded server.
const scriptEnv = () => ({
  ...process.env,
  DATABASE_URL: '',
  MIGRATION_DATABASE_URL: '',
  EMBEDDED_PG_DIR: dir,
  EMBEDDED_PG_PORT: String(port),
  // user:create takes the password from here or stdin, never from the command line.
  USER_PASSWORD: 'beside-password-2026',
})

async function script(file: string, args: string[] = []): Promise<Result> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', `scripts/${file}`, ...args], {
      env: scriptEnv(),
      timeout: 90_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** The postmaster of `dir` if one runs (its postmaster.pid names a live process). */
function postmasterPid(): number | undefined {
  const file = path.join(dir, 'postmaster.pid')
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 })
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`
    return row?.one === 1
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 })
  }
}

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}.password`, { force: true })
  rmSync(`${dir}.app-password`, { force: true })
  port = await freePort()
})

afterAll(async () => {
  // A failed test may leave the server up: join it and leave as its last user.
  if (postmasterPid()) await (await resolveDatabase(settings())).stop()
  rmSync(dir, { recursive: true, force: true })
  rmSync(`${dir}.password`, { force: true })
  rmSync(`${dir}.app-password`, { force: true })
})

describe('scripts beside the running app (embedded PostgreSQL)', () => {
  it('every script uses the server the app started and leaves it running', async () => {
    const app = await resolveDatabase(settings())
    expect(app.description).toContain('started')
    await migrateDatabase(app)
    const pid = postmasterPid()
    expect(pid).toBeDefined()

    const checks: [string, string[], RegExp][] = [
      [
        'user-create.ts',
        ['--email', 'ops@beside.test', '--name', 'Ops'],
        /Created user ops@beside\.test/,
      ],
      ['token-create.ts', ['--email', 'ops@beside.test', '--scopes', 'read'], /^spk_\S+\n$/],
      ['ledger-verify.ts', [], /OK: every balance equals its journal/],
    ]
    for (const [file, args, output] of checks) {
      const result = await script(file, args)
      expect(result.code, `${file}: ${result.stderr}`).toBe(0)
      expect(result.stdout, file).toMatch(output)
      expect(result.stdout + result.stderr, file).toContain('already running: shared')
      // Still the same server process, and the app's connections still work.
      expect(postmasterPid(), file).toBe(pid)
      expect(await answers(app.url), file).toBe(true)
    }

    // The other scripts get their database the same way (resolveDatabase); each run costs
    // seconds, so these three stand for them.

    // The app was the server's last user: leaving stops it.
    await app.stop()
    expect(postmasterPid()).toBeUndefined()
  }, 240_000)

  it('a script alone starts the server and stops it when it is done', async () => {
    expect(postmasterPid()).toBeUndefined()
    const result = await script('db-migrate.ts')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Database: embedded PostgreSQL .*\(data in .*, started\)/)
    expect(postmasterPid()).toBeUndefined()
  }, 120_000)

  it('the app starting while a script holds the server it started keeps it when the script ends', async () => {
    const holder = spawn('npx', ['tsx', 'tests/integration/scripts/fixtures/hold-database.ts'], {
      env: scriptEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let output = ''
    holder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve))
    await vi.waitFor(() => expect(output).toContain('holding:'), { timeout: 90_000 })
    expect(output).toMatch(/holding: .*started\)/)

    const app = await resolveDatabase(settings())
    expect(app.description).toContain('already running: shared')
    holder.stdin.end()
    expect(await exited).toBe(0)
    expect(output).toContain('released')

    expect(postmasterPid()).toBeDefined()
    expect(await answers(app.url)).toBe(true)
    await app.stop()
    expect(postmasterPid()).toBeUndefined()
  }, 120_000)

  it('never stops a server it did not start (a test server, an older app)', async () => {
    const foreign = await startEmbeddedPostgres({ dir, port, database: 'skypanel' })
    try {
      const result = await script('db-migrate.ts')
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('already running: shared')
      expect(postmasterPid()).toBeDefined()
      expect(await answers(foreign.url)).toBe(true)
    } finally {
      await foreign.stop()
    }
  }, 120_000)
})
