import { spawn, type ChildProcess } from 'node:child_process'

/**
 * The walkthrough's own processes from the production build, on its own database: the web app
 * (`build/main.js`, with its job queue, as `npm start` runs it) and the operator's renewal pass
 * (`build/scripts/jobs-renewals.js`, what `npm run jobs:renewals` runs in a release). Both get
 * the same environment, as one deployment's processes do.
 */

export type AppProcess = {
  url: string
  output: () => string
  stop: () => Promise<void>
}

function collect(child: ChildProcess) {
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-40_000))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  return () => output
}

/** The environment of every walkthrough process: offline mode, small pools, no PayPal client id. */
export function deploymentEnv(
  databaseUrl: string,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  // Without a PayPal client id the checkout shows the simulated approval box (offline mode).
  const { PAYPAL_CLIENT_ID: _ignored, PAYPAL_CLIENT_SECRET: _secret, ...inherited } = process.env
  return {
    ...inherited,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: 'e2e-walkthrough-session-secret-0123456789',
    ALLOW_OFFLINE_PAYMENTS: 'true',
    DATABASE_POOL_MAX: '4',
    JOBS_POOL_MAX: '2',
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

/** Starts the web app and waits until /readyz says it is ready (database, migrations, job queue). */
export async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const url = `http://localhost:${port}`
  const child = spawn(process.execPath, ['build/main.js'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', APP_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = collect(child)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The walkthrough app exited:\n${output()}`)
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false)
    if (ready) break
    if (Date.now() > deadline) throw new Error(`The walkthrough app did not start:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    url,
    output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** One renewal pass as of `now`, as the operator runs it; returns its report line. */
export async function renewalPass(now: Date, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(
    process.execPath,
    ['build/scripts/jobs-renewals.js', '--now', now.toISOString()],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const output = collect(child)
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0)
    throw new Error(`jobs:renewals --now ${now.toISOString()} exited ${code}:\n${output()}`)
  return output()
}
