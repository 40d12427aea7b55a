import { hostname } from 'node:os'
import pino from 'pino'
import { env } from '#server/env.ts'
import { redactSecrets } from './redact-secrets.ts'
import { currentRequestId } from './request-context.ts'

/**
 * Production writes asynchronously and in batches: lines collect up to 4 KB and go out in one
 * write, at the latest 250 ms after they were logged (a write per request line was ~5% of the
 * app's CPU under load: bench/README.md). The buffer is flushed on shutdown and on a fatal
 * error (server/lib/shutdown.ts). Development and tests write synchronously.
 */
const destination =
  env.NODE_ENV === 'production'
    ? pino.destination({ sync: false, minLength: 4096, periodicFlush: 250 })
    : undefined

/** Which process wrote a line, when several run on one database (web processes, workers). */
export const instanceId = env.INSTANCE_ID ?? `${hostname()}:${process.pid}`

/**
 * Structured JSON logs, one object per line, with the request id of the request being
 * served. Secrets, tokens, cookies and payer data are redacted by key wherever they appear
 * (redactSecrets). pino's own `redact` was not used: its `*.key` paths reach only the second
 * level, and it parsed its paths and cloned on every line (a fifth of what a balance read
 * allocated).
 */
export function createLogger(to: pino.DestinationStream | undefined, level: string) {
  return pino(
    {
      level,
      base: { instance: instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactSecrets },
      mixin: () => {
        const requestId = currentRequestId()
        return requestId ? { requestId } : {}
      },
    },
    to,
  )
}

export const logger = createLogger(
  destination,
  env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
)

export function flushLogs(): void {
  destination?.flushSync()
}

type Fields = Record<string, unknown>

export const log = {
  info: (message: string, fields?: Fields) => logger.info(fields ?? {}, message),
  warn: (message: string, fields?: Fields) => logger.warn(fields ?? {}, message),
  error: (message: string, fields?: Fields) => logger.error(fields ?? {}, message),
}

export function logError(message: string, error: unknown, fields?: Fields) {
  const err =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { value: String(error) }
  logger.error({ ...fields, err }, message)
}
