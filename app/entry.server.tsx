import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { closeDatabase } from './lib/db.server.ts'
import { ServerLiveRuntime } from './lib/live-data.tsx'
import { createLiveRuntime } from './lib/live-runtime.ts'
import { startJobs } from './lib/jobs.server.ts'
import { flushLogs, logError } from './lib/log.server.ts'

const ABORT_DELAY = 5_000

const starting = new AbortController()
let jobs: ReturnType<typeof startJobs> | null = null
let stopping: Promise<void> | null = null

/**
 * Called once by server/main.ts after the server listens: the job queue starts in this
 * process, working it (JOBS_ENABLED) or only sending "run now" jobs to the workers. Its
 * start is retried until it succeeds; a shutdown meanwhile ends the retrying.
 */
export async function startBackground(databaseUrl: string): Promise<void> {
  jobs ??= startJobs(databaseUrl, starting.signal)
  await jobs.catch((error: unknown) => {
    if (!starting.signal.aborted) throw error
  })
}

/**
 * Called by server/main.ts on SIGINT/SIGTERM, beside the HTTP drain: no new jobs are
 * fetched, and jobs in progress get up to `timeoutMs` to finish.
 */
export function stopBackground(timeoutMs?: number): Promise<void> {
  starting.abort()
  stopping ??= (async () => {
    const queue = await jobs?.catch(() => null)
    await queue?.stop({ timeoutMs })
  })()
  return stopping
}

/** Last, once requests and jobs are done: the pool ends before PostgreSQL does. */
export async function shutdown(): Promise<void> {
  await stopBackground()
  await closeDatabase()
  flushLogs()
}

/** Server errors as one structured log line each; aborted requests are not errors. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  logError('request failed', error, { method: request.method, path: new URL(request.url).pathname })
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <ServerLiveRuntime value={createLiveRuntime()}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </ServerLiveRuntime>,
      {
        [readyEvent]() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html')
          responseHeaders.set('X-Frame-Options', 'DENY')
          responseHeaders.set('X-Content-Type-Options', 'nosniff')
          responseHeaders.set('Referrer-Policy', 'same-origin')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error instanceof Error ? error : new Error(String(error)))
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logError('render failed', error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
