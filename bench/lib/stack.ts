import { spawn, type ChildProcess } from 'node:child_process'
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#db/embedded.ts'
import { SESSION_SECRET, type BenchConfig } from './config.ts'
import { readRssMb } from './proc.ts'

export type Stack = {
  baseUrl: string
  databaseUrl: string
  appPid: number
  tmpDir: string
  memory: MemorySampler
  /** The app's recent log lines (newest last). */
  appLog: () => string[]
  /** Log lines at level error or fatal seen so far. */
  appErrors: () => number
  stop: () => Promise<void>
}

export type MemorySampler = {
  peakMb: () => number
  currentMb: () => number
  samples: () => number
  mark: (label: string) => void
  marks: () => Array<{ label: string; rssMb: number; peakMb: number }>
  stop: () => void
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/**
 * A private copy of what `npm start` needs (the build, public/, migrations, package.json,
 * node_modules linked): other work on this checkout may rebuild build/ while we measure.
 */
function snapshotApp(sourceDir: string, appDir: string): string {
  mkdirSync(path.join(appDir, 'db'), { recursive: true })
  for (const entry of ['build', 'public', 'db/migrations', 'package.json']) {
    cpSync(path.join(sourceDir, entry), path.join(appDir, entry), { recursive: true })
  }
  symlinkSync(path.join(sourceDir, 'node_modules'), path.join(appDir, 'node_modules'), 'dir')
  return appDir
}

/**
 * The node flags production starts the web process with: those of package.json's "start"
 * (`… node <flags> build/main.js`; deploy/scripts/start-web.sh runs the same), so the bench
 * measures the heap production runs. BENCH_APP_NODE_ARGS come after them and win.
 */
export function productionNodeFlags(appDir: string): string[] {
  const start = (
    JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
  ).scripts?.start
  const match = start ? /\bnode((?:\s+--\S+)*)\s+build\/main\.js\b/.exec(start) : null
  if (!match) {
    throw new Error(`package.json "start" does not run \`node [flags] build/main.js\`: ${start}`)
  }
  return match[1]!.split(/\s+/).filter(Boolean)
}

/** Reads VmRSS every 200 ms for as long as the process lives; keeps the peak. */
function sampleMemory(pid: number, intervalMs = 200): MemorySampler {
  let peak = 0
  let current = 0
  let count = 0
  const marks: Array<{ label: string; rssMb: number; peakMb: number }> = []
  const read = () => {
    const rss = readRssMb(pid)
    if (rss === null) return
    current = rss
    peak = Math.max(peak, rss)
    count++
  }
  read()
  const timer = setInterval(read, intervalMs)
  timer.unref()
  const round = (value: number) => Math.round(value * 10) / 10
  return {
    peakMb: () => round(peak),
    currentMb: () => round(current),
    samples: () => count,
    mark: (label) => {
      read()
      marks.push({ label, rssMb: round(current), peakMb: round(peak) })
    },
    marks: () => marks,
    stop: () => clearInterval(timer),
  }
}

/**
 * Starts the production build (build/main.js) the way the e2e layer does: its own embedded
 * PostgreSQL in a temp dir under bench/.tmp, NODE_ENV=production, simulated PayPal and
 * VirtFusion (ALLOW_OFFLINE_PAYMENTS, no credentials), background jobs off so nothing else
 * touches the database while we measure.
 */
export async function startStack(config: BenchConfig): Promise<Stack> {
  const sourceDir = path.resolve(config.appDir)
  if (
    !existsSync(path.join(sourceDir, 'build/main.js')) ||
    !existsSync(path.join(sourceDir, 'build/index.js'))
  ) {
    throw new Error(
      `No production build in ${sourceDir}: run \`npm run build\` first (npm run bench does).`,
    )
  }
  const tmpDir = path.resolve(
    'bench/.tmp',
    `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
  )
  mkdirSync(tmpDir, { recursive: true })
  const appDir = snapshotApp(sourceDir, path.join(tmpDir, 'app'))
  let database: EmbeddedDatabase | null = null
  let app: ChildProcess | null = null
  let memory: MemorySampler | null = null

  // The app logs one JSON line per request. It writes to a file, as it would to a log
  // collector in production: a pipe drained by this (busy) load generator would push back
  // on the app's synchronous log writes and distort every figure.
  const logPath = path.join(tmpDir, 'app.log')
  const logFd = openSync(logPath, 'a')
  const readLog = () => {
    try {
      return readFileSync(logPath, 'utf8')
    } catch {
      return ''
    }
  }
  const tail = (lines: number) =>
    readLog()
      .split('\n')
      .slice(-lines - 1, -1)

  const stop = async () => {
    memory?.stop()
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise<void>((resolve) => app!.once('exit', () => resolve()))
      app.kill('SIGTERM')
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), 5000),
      )
      if ((await Promise.race([exited, timeout])) === 'timeout') app.kill('SIGKILL')
    }
    try {
      closeSync(logFd)
    } catch {
      // Already closed.
    }
    await database
      ?.stop()
      .catch((error: unknown) => console.error('Stopping PostgreSQL failed:', error))
    if (!config.keepTmp) rmSync(tmpDir, { recursive: true, force: true })
  }

  try {
    database = await startEmbeddedPostgres({
      dir: path.join(tmpDir, 'pg'),
      port: await freePort(),
      database: 'skypanel_bench',
      persistent: false,
    })
    const port = await freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      SESSION_SECRET,
      APP_URL: baseUrl,
      ALLOW_OFFLINE_PAYMENTS: 'true',
      JOBS_ENABLED: 'false',
      ...(config.appPoolMax ? { DATABASE_POOL_MAX: config.appPoolMax } : {}),
    }
    const nodeArgs = [...productionNodeFlags(appDir), ...config.appNodeArgs]
    console.log(`App: node ${[...nodeArgs, 'build/main.js'].join(' ')}`)
    app = spawn(process.execPath, [...nodeArgs, 'build/main.js'], {
      cwd: appDir,
      env,
      stdio: ['ignore', logFd, logFd],
    })
    const child = app
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`App did not start in 60 s:\n${readLog()}`)),
        60_000,
      )
      const onExit = (code: number | null) => {
        clearTimeout(timer)
        reject(new Error(`App exited with ${code} before it was ready:\n${readLog()}`))
      }
      child.once('exit', onExit)
      const poll = setInterval(() => {
        if (readLog().includes('Ready:')) {
          clearInterval(poll)
          clearTimeout(timer)
          child.off('exit', onExit)
          resolve()
        }
      }, 50)
    })
    memory = sampleMemory(app.pid!)
    memory.mark('ready')
    return {
      baseUrl,
      databaseUrl: database.url,
      appPid: app.pid!,
      tmpDir,
      memory,
      appLog: () => tail(400),
      appErrors: () => readLog().match(/"level":"(error|fatal)"/g)?.length ?? 0,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
