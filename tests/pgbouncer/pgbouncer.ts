import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']

/** PGBOUNCER_PATH, or where Debian's package (`apt-get install -y pgbouncer`) puts it. */
export function findPgBouncer(): string | null {
  const fromEnv = process.env.PGBOUNCER_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null
}

export type PgBouncer = {
  /** `databaseUrl` with host and port replaced by PgBouncer's. */
  url: (databaseUrl: string) => string
  port: number
  /** What PgBouncer printed so far (its log), for failure messages. */
  log: () => string
  stop: () => Promise<void>
}

function waitForPort(port: number, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.once('error', () => {
        socket.destroy()
        if (Date.now() > deadline)
          reject(new Error(`PgBouncer did not listen on ${port}:\n${output()}`))
        else setTimeout(attempt, 50)
      })
    }
    attempt()
  })
}

/**
 * Debian's PgBouncer in transaction pooling, the mode that hands each transaction (and each
 * statement outside one) to whichever server connection is free: session state, named
 * prepared statements and session advisory locks do not follow the client.
 */
export async function startPgBouncer(options: {
  databaseUrl: string
  port: number
  dir: string
  poolSize: number
}): Promise<PgBouncer> {
  const binary = findPgBouncer()
  if (!binary) throw new Error('pgbouncer not found: `apt-get install -y pgbouncer`.')
  const target = new URL(options.databaseUrl)
  const user = decodeURIComponent(target.username)
  const password = decodeURIComponent(target.password)
  const dir = path.resolve(options.dir)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  const authFile = path.join(dir, 'users.txt')
  writeFileSync(authFile, `"${user}" "${password.replaceAll('"', '""')}"\n`, { mode: 0o644 })
  const ini = path.join(dir, 'pgbouncer.ini')
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${target.hostname} port=${target.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${options.port}`,
      'unix_socket_dir =',
      'auth_type = plain',
      `auth_file = ${authFile}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      // PgBouncer refuses to run as root; it switches to this user after reading its files.
      ...(process.getuid?.() === 0 ? ['user = postgres'] : []),
      '',
    ].join('\n'),
    { mode: 0o644 },
  )

  const child = spawn(binary, [ini], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await Promise.race([
    waitForPort(options.port, 10_000, () => output),
    exited.then(() => {
      throw new Error(`PgBouncer exited at start:\n${output}`)
    }),
  ])

  return {
    port: options.port,
    log: () => output,
    url: (databaseUrl) => {
      const parsed = new URL(databaseUrl)
      parsed.hostname = '127.0.0.1'
      parsed.port = String(options.port)
      return parsed.toString()
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
