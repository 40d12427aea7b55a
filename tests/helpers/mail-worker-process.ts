import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from '#tests/setup/free-port.ts'

/**
 * The production worker (server/worker.ts, `npm run worker`) as a real child process: its own
 * job queue, its own connection pool, its own nodemailer transport from SMTP_URL. Started
 * with `node --import tsx`, so the process a test signals is the worker itself (not an npx
 * or tsx wrapper whose child would survive a SIGKILL).
 */
export type WorkerProcess = {
  name: string
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  running: () => boolean
}

const started = new Set<WorkerProcess>()

// A test run that ends some other way (a crash of the test worker) still takes its children.
process.once('exit', () => {
  for (const worker of started) if (worker.running()) worker.child.kill('SIGKILL')
})

export async function startWorkerProcess(
  name: string,
  env: Record<string, string>,
): Promise<WorkerProcess> {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      WORKER_HEALTH_PORT: String(await freePort()),
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
      INSTANCE_ID: name,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  const worker: WorkerProcess = {
    name,
    child,
    output: () => output,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
  }
  started.add(worker)
  return worker
}

/** Waits for `text` in the worker's log; fails at once if the worker exits first. */
export async function untilLogged(worker: WorkerProcess, text: string, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!worker.output().includes(text)) {
    if (!worker.running())
      throw new Error(`${worker.name} exited before "${text}":\n${worker.output()}`)
    if (Date.now() > deadline)
      throw new Error(`${worker.name}: no "${text}" within ${ms} ms:\n${worker.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** SIGKILLs every worker still running and waits for each to be gone. */
export async function killWorkerProcesses(): Promise<void> {
  for (const worker of started) {
    if (worker.running()) worker.child.kill('SIGKILL')
    await worker.exited
    started.delete(worker)
  }
}
