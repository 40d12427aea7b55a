import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { flushLogs, logger } from './log.ts'

/**
 * Graceful stop for every process (the web server, `npm run worker`), issue #11.
 *
 * HTTP: from the signal on, /readyz answers 503 and so does every request that still
 * arrives (Connection: close, nothing new starts, so a balancer retries it elsewhere);
 * requests in flight finish normally, each closing its connection after its response, and
 * idle keep-alive connections close at once. When the last one is done (or the drain
 * timeout cuts the rest) the listener closes: new connections are then refused.
 */
export type HttpDrain = {
  /** Wraps the app's handler: counts requests in flight, refuses new ones once draining. */
  listener: RequestListener
  drain: (server: Server, timeoutMs: number) => Promise<{ finished: number; cut: number }>
}

export function createHttpDrain(
  app: RequestListener,
  options: { readinessPath?: string } = {},
): HttpDrain {
  const readinessPath = options.readinessPath ?? '/readyz'
  const inFlight = new Map<ServerResponse, Socket>()
  let draining = false
  let finished = 0
  let allDone: (() => void) | null = null

  const refuse = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]
    res.writeHead(503, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'Retry-After': '1',
      Connection: 'close',
    })
    res.end(
      JSON.stringify(
        path === readinessPath
          ? { ready: false, shuttingDown: true }
          : {
              error: {
                code: 'SERVICE_UNAVAILABLE',
                message: 'The server is shutting down; try again.',
              },
            },
      ),
    )
  }

  const listener: RequestListener = (req, res) => {
    if (draining) return refuse(req, res)
    inFlight.set(res, req.socket)
    res.once('close', () => {
      inFlight.delete(res)
      if (!draining) return
      finished++
      // A response whose headers went out before the drain kept its connection alive.
      req.socket.end()
      if (inFlight.size === 0) allDone?.()
    })
    app(req, res)
  }

  const drain = async (server: Server, timeoutMs: number) => {
    draining = true
    for (const res of inFlight.keys()) if (!res.headersSent) res.setHeader('Connection', 'close')
    server.closeIdleConnections()
    logger.info(
      `Shutdown: draining HTTP, ${inFlight.size} request(s) in flight; /readyz and new requests ` +
        `answer 503 (at most ${timeoutMs} ms).`,
    )
    if (inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs)
        allDone = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    const cut = inFlight.size
    const done = finished
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    if (cut > 0) {
      logger.warn(`Shutdown: ${cut} request(s) still running after ${timeoutMs} ms were cut.`)
      for (const socket of inFlight.values()) socket.destroy()
    }
    server.closeAllConnections()
    await closed
    return { finished: done, cut }
  }

  return { listener, drain }
}

export type ShutdownStep = (name: string, run: () => Promise<unknown>) => Promise<void>

/**
 * On the first SIGTERM or SIGINT, `stop` runs once; each of its steps is logged, and a step
 * that fails is logged and the shutdown goes on. Then the logs are flushed and the process
 * exits 0, or 1 when a step failed. A repeated signal is ignored (the drain has its own
 * bound); should a step hang anyway, the process exits 1 after `deadlineMs`.
 */
export function onShutdownSignals(
  stop: (step: ShutdownStep) => Promise<void>,
  options: { deadlineMs: number },
): void {
  let stopping = false
  let failed = false
  const step: ShutdownStep = async (name, run) => {
    const started = Date.now()
    try {
      await run()
      logger.info(`Shutdown: ${name} done (${Date.now() - started} ms).`)
    } catch (error) {
      failed = true
      logger.error({ err: error }, `Shutdown: ${name} failed.`)
    }
  }
  const begin = (signal: NodeJS.Signals) => {
    if (stopping) return logger.info(`${signal}: already shutting down.`)
    stopping = true
    logger.info(`${signal}: shutting down.`)
    setTimeout(() => {
      logger.fatal(`Shutdown did not finish in ${options.deadlineMs} ms; exiting.`)
      flushLogs()
      process.exit(1)
    }, options.deadlineMs).unref()
    void stop(step)
      .catch((error: unknown) => {
        failed = true
        logger.error({ err: error }, 'Shutdown failed.')
      })
      .then(() => {
        logger.info(failed ? 'Stopped, with errors.' : 'Stopped.')
        flushLogs()
        process.exit(failed ? 1 : 0)
      })
  }
  process.on('SIGTERM', begin)
  process.on('SIGINT', begin)
}

/**
 * postgres.js 3.4 can surface a killed backend as an unhandled rejection or an exception
 * outside any request or job (porsager/postgres#1154, #1208).
 */
export function isLostDatabaseConnection(error: Error): boolean {
  return (
    isDatabaseUnavailable(error) || /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
  )
}

/**
 * For the web server and the worker: a lost database connection must cost at most the
 * requests or jobs using it, never the process; anything else unexpected still stops it.
 */
export function onProcessFailures(outside: 'a request' | 'a job'): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection')
  })
  process.on('uncaughtException', (error) => {
    if (isLostDatabaseConnection(error)) {
      logger.error({ err: error }, `database connection failure outside ${outside}`)
      return
    }
    logger.fatal({ err: error }, 'uncaught exception')
    flushLogs()
    process.exit(1)
  })
}
