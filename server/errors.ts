import type { TRPC_ERROR_CODE_KEY } from '@trpc/server'

/**
 * Every failure the product reports to a caller has one of these codes. Each maps to one
 * tRPC code and one HTTP status, so tRPC procedures and REST routes answer alike.
 */
export const APP_ERROR_CODES = {
  /** Input failed validation; `fields` names the offending fields. */
  VALIDATION_FAILED: { trpc: 'BAD_REQUEST', http: 400 },
  /** No valid session or token. */
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', http: 401 },
  /** Authenticated, but not allowed to do this. */
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  /** A cookie-authenticated mutation came from another origin. */
  CROSS_ORIGIN_REQUEST: { trpc: 'FORBIDDEN', http: 403 },
  /** The account is deactivated. */
  ACCOUNT_INACTIVE: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  /** A unique value (such as an email) is already taken. */
  ALREADY_EXISTS: { trpc: 'CONFLICT', http: 409 },
  /** The request conflicts with the current state (e.g. an admin demoting themselves). */
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  /** Not enough custom credits; `details.shortfallCents` says how many are missing. */
  INSUFFICIENT_CREDITS: { trpc: 'PAYMENT_REQUIRED', http: 402 },
  /**
   * PayPal refused or declined the payment. `details.restart` is true only for
   * INSTRUMENT_DECLINED (the checkout reopens PayPal for another funding source); otherwise final.
   */
  PAYMENT_DECLINED: { trpc: 'PAYMENT_REQUIRED', http: 402 },
  /** The buyer has not approved the order at PayPal yet. */
  PAYMENT_NOT_APPROVED: { trpc: 'CONFLICT', http: 409 },
  /** The order was already captured; nothing more was credited. `details.status` says where it stands. */
  ALREADY_CAPTURED: { trpc: 'CONFLICT', http: 409 },
  /** Another request is capturing this order right now; retry shortly. */
  CAPTURE_IN_PROGRESS: { trpc: 'CONFLICT', http: 409 },
  /** PayPal's answer did not match our record (amount, currency or id): nothing credited, flagged for review. */
  PAYMENT_VERIFICATION_FAILED: { trpc: 'UNPROCESSABLE_CONTENT', http: 422 },
  /** Too many attempts; try again later. */
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  /** An upstream provider (PayPal, VirtFusion) failed; safe to retry. */
  UPSTREAM_UNAVAILABLE: { trpc: 'BAD_GATEWAY', http: 502 },
  /** The database or another dependency is temporarily unavailable; safe to retry. */
  SERVICE_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: number }>

export type AppErrorCode = keyof typeof APP_ERROR_CODES

export type FieldErrors = Record<string, string[]>

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly fields: FieldErrors | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fields?: FieldErrors; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.fields = options.fields
    this.details = options.details
  }

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code].http
  }

  get trpcCode(): TRPC_ERROR_CODE_KEY {
    return APP_ERROR_CODES[this.code].trpc
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}

/** The JSON body every REST route answers an error with. */
export type ErrorBody = {
  error: {
    code: AppErrorCode
    message: string
    fields?: FieldErrors
    details?: Record<string, unknown>
  }
}

export function toErrorBody(error: AppError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.details ? { details: error.details } : {}),
    },
  }
}
