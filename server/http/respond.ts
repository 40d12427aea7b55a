import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { AppError, isAppError, toErrorBody, type AppErrorCode } from '#server/errors.ts'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { logError } from '#server/lib/log.ts'
import { quoteFractionalNumbers } from '#server/lib/money.ts'
import { withWholeBody } from './whole-body.ts'

const TRPC_TO_APP: Partial<Record<TRPCError['code'], AppErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
}

/** Any thrown value as an AppError; unknown errors are logged and hidden behind INTERNAL. */
export function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error
  if (error instanceof TRPCError) {
    if (isAppError(error.cause)) return error.cause
    const code = TRPC_TO_APP[error.code]
    if (code) return new AppError(code, error.message)
    if (getHTTPStatusCodeFromError(error) < 500)
      return new AppError('VALIDATION_FAILED', error.message)
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'The service is temporarily unavailable. Please retry (a request with an idempotency key is safe to repeat).',
      { cause: error },
    )
  }
  logError('unhandled error', error)
  return new AppError('INTERNAL', 'Something went wrong on our side. Please try again.')
}

const encoder = new TextEncoder()

export function json(body: unknown, init: ResponseInit = {}): Response {
  const bytes = encoder.encode(JSON.stringify(body))
  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'application/json; charset=utf-8')
  headers.set('Cache-Control', 'no-store')
  // A known length lets the compression middleware skip small answers.
  headers.set('Content-Length', String(bytes.byteLength))
  return withWholeBody(new Response(bytes, { ...init, headers }), bytes)
}

export function errorResponse(error: unknown): Response {
  const appError = asAppError(error)
  return json(toErrorBody(appError), { status: appError.httpStatus })
}

/** Runs a REST handler; every failure becomes `{ error: { code, message, fields? } }`. */
export async function handleRest(
  run: () => Promise<unknown>,
  init: ResponseInit = {},
): Promise<Response> {
  try {
    const result = await run()
    return result instanceof Response ? result : json(result, init)
  } catch (error) {
    if (error instanceof Response) return error
    return errorResponse(error)
  }
}

const MAX_JSON_BODY_BYTES = 64 * 1024

/**
 * Reads a JSON body; malformed or oversized JSON is the caller's mistake (400), not ours.
 * Fractional numbers keep their original text so amounts are parsed from what was sent.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.length > MAX_JSON_BODY_BYTES) {
    throw new AppError('VALIDATION_FAILED', 'The request body is too large.', {
      fields: { _: ['Body too large'] },
    })
  }
  if (text.trim() === '') return {}
  try {
    return JSON.parse(quoteFractionalNumbers(text)) as unknown
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The request body is not valid JSON.', {
      fields: { _: ['The request body is not valid JSON'] },
    })
  }
}
