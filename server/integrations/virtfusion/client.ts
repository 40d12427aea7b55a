import { z } from 'zod'
import { AppError } from '#server/errors.ts'

/**
 * VirtFusion API v1 over fetch (bearer token, JSON). Every failure is a VirtFusionError
 * whose `kind` says what is known about the outcome, because add-credit has no
 * idempotency key: only 'unreachable' (and 'rejected'/'not_found') mean a write certainly
 * did not happen; after 'timeout' or 'server_error' it may have. The API token never
 * appears in an error message or cause.
 */

export type VirtFusionClientConfig = {
  baseUrl: string
  token: string
  timeoutMs: number
  /** Defaults to the global fetch, looked up per call (so msw's patch is always seen). */
  fetch?: typeof fetch
}

export type VirtFusionClient = {
  findUserByExtRelationId(extRelationId: number): Promise<{ id: number } | null>
  createUser(input: { name: string; email: string; extRelationId: number }): Promise<{ id: number }>
  addCredit(
    extRelationId: number,
    input: { tokens: number; reference1: number; reference2: string },
  ): Promise<{ creditId: number }>
  cancelCredit(creditId: number): Promise<void>
  getTokenBalance(extRelationId: number): Promise<number>
}

export type VirtFusionErrorKind =
  /** No HTTP exchange happened (connection refused, DNS, TLS): the request did not take effect. */
  | 'unreachable'
  /**
   * No answer in time, or the connection dropped after the request may have been sent:
   * the outcome is UNKNOWN.
   */
  | 'timeout'
  /** 4xx other than 404: VirtFusion refused the request; nothing changed. */
  | 'rejected'
  /** 5xx, or a success status with a body we cannot read: outcome unknown for writes. */
  | 'server_error'
  /** 404. */
  | 'not_found'

const MESSAGES: Record<VirtFusionErrorKind, string> = {
  unreachable: 'VirtFusion is not responding; please try again.',
  timeout: 'VirtFusion is not responding; please try again.',
  server_error: 'VirtFusion is not responding; please try again.',
  rejected: 'VirtFusion rejected the request.',
  not_found: 'VirtFusion could not find that record.',
}

export class VirtFusionError extends AppError {
  readonly kind: VirtFusionErrorKind
  /** The HTTP status, when VirtFusion answered. */
  readonly status: number | undefined
  /** Which call failed, e.g. "add credit". */
  readonly operation: string

  constructor(
    kind: VirtFusionErrorKind,
    operation: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super('UPSTREAM_UNAVAILABLE', MESSAGES[kind], { cause: options.cause })
    this.name = 'VirtFusionError'
    this.kind = kind
    this.status = options.status
    this.operation = operation
  }

  /** True when a write may have been applied even though it failed (do not blindly repeat it). */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'server_error'
  }
}

/**
 * Error codes (undici / Node) that can only happen before a request is sent: connecting,
 * resolving or the TLS handshake. Any other socket error may come after the request left,
 * so it is reported as 'timeout' (outcome unknown) rather than 'unreachable'.
 */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
])

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}

/** Classifies a fetch() rejection that came before any response. */
function classifyFetchFailure(error: unknown, timedOut: boolean): 'unreachable' | 'timeout' {
  if (timedOut) return 'timeout'
  // undici wraps the socket error: TypeError('fetch failed', { cause }).
  const cause = error instanceof Error ? error.cause : undefined
  const code = errorCode(cause) ?? errorCode(error)
  // No error code: a failure with no socket involved (msw's network error, a refused
  // redirect, an invalid request): nothing was sent.
  if (code === undefined) return 'unreachable'
  return BEFORE_SEND_CODES.has(code) ? 'unreachable' : 'timeout'
}

/**
 * Token counts. VirtFusion may answer a number or a numeric string; strings are parsed
 * strictly (digits with an optional fraction, never parseFloat). A fractional token value
 * is rounded DOWN to an integer (floor: 12.9 → 12, -0.5 → -1), so the balance shown never
 * exceeds what the panel holds.
 */
const TokenAmount = z.union([z.number(), z.string()]).transform((value, ctx): number => {
  let result: number | undefined
  if (typeof value === 'number') {
    result = Number.isFinite(value) ? Math.floor(value) : undefined
  } else {
    const match = /^\s*(-?)(\d+)(?:\.(\d+))?\s*$/.exec(value)
    if (match) {
      const negative = match[1] === '-'
      const whole = Number(match[2])
      const hasFraction = /[1-9]/.test(match[3] ?? '')
      result = negative ? -whole - (hasFraction ? 1 : 0) : whole
      if (Object.is(result, -0)) result = 0
    }
  }
  if (result === undefined || !Number.isSafeInteger(result)) {
    ctx.addIssue({ code: 'custom', message: `not a token amount: ${JSON.stringify(value)}` })
    return z.NEVER
  }
  return result
})

const DataWithId = z.looseObject({ data: z.looseObject({ id: z.number().int().positive() }) })

const HourlyStats = z.looseObject({
  data: z.looseObject({
    credit: z
      .looseObject({ tokens: TokenAmount.optional(), value: TokenAmount.optional() })
      .refine((credit) => credit.tokens !== undefined || credit.value !== undefined, {
        message: 'credit has neither tokens nor value',
      }),
  }),
})

type Answer = { status: number; body: unknown }

export function createVirtFusionClient(config: VirtFusionClientConfig): VirtFusionClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '')
  const doFetch: typeof fetch = (input, init) => (config.fetch ?? globalThis.fetch)(input, init)

  async function request(
    operation: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<Answer> {
    const signal = AbortSignal.timeout(config.timeoutMs)
    let response: Response
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        signal,
        // A redirect would turn a POST into a GET somewhere else; refuse it.
        redirect: 'error',
        headers: {
          Authorization: `Bearer ${config.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new VirtFusionError(classifyFetchFailure(error, signal.aborted), operation, {
        cause: error,
      })
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      // VirtFusion answered but the body did not arrive: the request reached it.
      throw new VirtFusionError(signal.aborted ? 'timeout' : 'server_error', operation, {
        status: response.status,
        cause: error,
      })
    }
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown)
    } catch {
      parsed = text
    }
    const status = response.status
    if (status >= 200 && status < 300) return { status, body: parsed }
    const cause = new Error(`VirtFusion ${operation} answered ${status}: ${describeBody(parsed)}`)
    if (status === 404) throw new VirtFusionError('not_found', operation, { status, cause })
    if (status >= 500) throw new VirtFusionError('server_error', operation, { status, cause })
    throw new VirtFusionError('rejected', operation, { status, cause })
  }

  function read<S extends z.ZodType>(schema: S, answer: Answer, operation: string): z.output<S> {
    const result = schema.safeParse(answer.body)
    if (!result.success) {
      // A success status with a body we cannot read: a write did happen, but we cannot
      // tell its result, so the outcome is treated as unknown.
      throw new VirtFusionError('server_error', operation, {
        status: answer.status,
        cause: new Error(
          `VirtFusion ${operation} answered ${answer.status} with an unexpected body`,
          {
            cause: result.error,
          },
        ),
      })
    }
    return result.data
  }

  const positiveId = (value: number, what: string) => {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new AppError('INTERNAL', `${what} must be a positive integer (got ${value}).`)
    }
    return value
  }

  return {
    async findUserByExtRelationId(extRelationId) {
      const operation = 'find user'
      positiveId(extRelationId, 'extRelationId')
      try {
        const answer = await request(operation, 'GET', `/users/${extRelationId}/byExtRelation`)
        return { id: read(DataWithId, answer, operation).data.id }
      } catch (error) {
        if (error instanceof VirtFusionError && error.kind === 'not_found') return null
        throw error
      }
    },

    async createUser(input) {
      const operation = 'create user'
      positiveId(input.extRelationId, 'extRelationId')
      const answer = await request(operation, 'POST', '/users', {
        name: input.name,
        email: input.email,
        extRelationId: input.extRelationId,
        // 1 = hourly self service; the account is funded with credit tokens.
        selfService: 1,
        selfServiceHourlyCredit: true,
        sendMail: false,
      })
      return { id: read(DataWithId, answer, operation).data.id }
    },

    async addCredit(extRelationId, input) {
      const operation = 'add credit'
      positiveId(extRelationId, 'extRelationId')
      positiveId(input.tokens, 'tokens')
      positiveId(input.reference1, 'reference1')
      if (input.reference2.length > 1000) {
        throw new AppError('INTERNAL', 'reference2 must be at most 1000 characters.')
      }
      const answer = await request(
        operation,
        'POST',
        `/selfService/credit/byUserExtRelationId/${extRelationId}`,
        { tokens: input.tokens, reference_1: input.reference1, reference_2: input.reference2 },
      )
      return { creditId: read(DataWithId, answer, operation).data.id }
    },

    async cancelCredit(creditId) {
      positiveId(creditId, 'creditId')
      await request('cancel credit', 'DELETE', `/selfService/credit/${creditId}`)
    },

    async getTokenBalance(extRelationId) {
      const operation = 'token balance'
      positiveId(extRelationId, 'extRelationId')
      const answer = await request(
        operation,
        'GET',
        `/selfService/hourlyStats/byUserExtRelationId/${extRelationId}`,
      )
      const { credit } = read(HourlyStats, answer, operation).data
      return (credit.tokens ?? credit.value)!
    },
  }
}

function describeBody(body: unknown): string {
  if (body === undefined) return '(no body)'
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
