/**
 * ONE decoder for every failure the browser sees: tRPC client errors (the formatter in
 * server/trpc/init.ts puts `appCode`, `fields`, `details`, `httpStatus` in `data`), REST and
 * action bodies `{ error: { code, message, fields?, details? } }` (server/errors.ts
 * toErrorBody), Remix error responses carrying such a body, zod errors from a form's own
 * parse, AppErrors and TRPCErrors on the server (loaders), plain Errors and strings. No
 * imports: it runs in the browser and the server.
 */

export type AppErrorView = {
  /** The AppError code (server/errors.ts), or NETWORK (no answer) / UNKNOWN. */
  code: string
  /** Words for a person: the server's own, or a hint when there was no answer. */
  message: string
  /** The first problem of each field, keyed by field name ("_" = the form as a whole). */
  fieldErrors?: Record<string, string>
  /** Extra facts the server attached (e.g. `shortfallCents`, `restart`). */
  details?: Record<string, unknown>
  /** HTTP status when known. */
  status: number | null
  /** No answer or a 5xx: the change may or may not have been made — check before retrying. */
  outcomeUnknown: boolean
}

export const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.'
export const FALLBACK_MESSAGE = 'Something went wrong. Please try again.'

type Dict = Record<string, unknown>

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function firstMessages(fields: unknown): Record<string, string> | undefined {
  if (!isDict(fields)) return undefined
  const out: Record<string, string> = {}
  for (const [name, messages] of Object.entries(fields)) {
    const first = Array.isArray(messages) ? messages.map(text).find(Boolean) : text(messages)
    if (first) out[name] = first
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function view(parts: {
  code?: unknown
  message?: unknown
  fields?: unknown
  details?: unknown
  status?: unknown
  fallback: string
}): AppErrorView {
  const status = typeof parts.status === 'number' ? parts.status : null
  const fieldErrors = firstMessages(parts.fields)
  return {
    code: text(parts.code) ?? 'UNKNOWN',
    message: text(parts.message) ?? fieldErrors?._ ?? parts.fallback,
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(isDict(parts.details) ? { details: parts.details } : {}),
    status,
    outcomeUnknown: status === null || status >= 500,
  }
}

/** The REST / action body `{ error: { code, message, fields?, details? } }`, if `value` is one. */
function restError(value: unknown): Dict | null {
  return isDict(value) && isDict(value.error) && ('message' in value.error || 'code' in value.error)
    ? value.error
    : null
}

export function parseAppError(
  error: unknown,
  { fallback = FALLBACK_MESSAGE }: { fallback?: string } = {},
): AppErrorView {
  if (typeof error === 'string') return view({ message: error, fallback })
  if (!isDict(error)) return view({ fallback })

  // tRPC: TRPCClientError (message + formatter data). No data means no answer came back.
  if (
    error.name === 'TRPCClientError' ||
    ('data' in error && isDict(error.data) && 'appCode' in error.data)
  ) {
    const data = isDict(error.data) ? error.data : null
    if (!data) return view({ code: 'NETWORK', fallback: NETWORK_MESSAGE })
    return view({
      code: data.appCode ?? data.code,
      message: error.message,
      fields: data.fields,
      details: data.details,
      status: data.httpStatus,
      fallback,
    })
  }

  // On the server (loaders, actions): an AppError, or a TRPCError from a server-side caller
  // whose cause is one.
  if (error.name === 'TRPCError' && isDict(error.cause) && error.cause.name === 'AppError') {
    return parseAppError(error.cause, { fallback })
  }
  if (error.name === 'AppError') {
    return view({
      code: error.code,
      message: error.message,
      fields: error.fields,
      details: error.details,
      status: error.httpStatus,
      fallback,
    })
  }

  // A REST body, an action's data, or a Remix ErrorResponse / Response-like `{ status, data }`.
  const body = restError(error) ?? restError(error.data)
  if (body) {
    const status = typeof error.status === 'number' ? error.status : body.status
    return view({ ...body, status: status ?? 400, fallback })
  }

  // A zod error from the page's own parse: issues with paths.
  if (Array.isArray(error.issues)) {
    const fields: Record<string, string[]> = {}
    for (const issue of error.issues as Array<{ path?: unknown[]; message?: string }>) {
      const key = (issue.path ?? []).filter((part) => typeof part !== 'number').join('.') || '_'
      if (issue.message) (fields[key] ??= []).push(issue.message)
    }
    return view({
      code: 'VALIDATION_FAILED',
      fields,
      status: 400,
      fallback: 'Check the highlighted fields.',
    })
  }

  // fetch() rejects with a TypeError when there is no answer at all.
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return view({ code: 'NETWORK', fallback: NETWORK_MESSAGE })
  }
  if (error instanceof Error) return view({ message: error.message, fallback })
  return view({ fallback })
}
