import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { closeDatabase } from './lib/db.server.ts'
import { startJobs } from './lib/jobs.server.ts'
import { flushLogs, logError } from './lib/log.server.ts'

const ABORT_DELAY = 5_000

let jobs: Awaited<ReturnType<typeof startJobs>> | null = null

/** Called once by server/main.ts after the server listens: the job queue runs in this process. */
export async function startBackground(databaseUrl: string): Promise<void> {
  jobs ??= await startJobs(databaseUrl)
}

/** Called by server/main.ts on SIGINT/SIGTERM so work and the pool stop before PostgreSQL does. */
export async function shutdown(): Promise<void> {
  await jobs?.stop()
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
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
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
