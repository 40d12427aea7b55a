import { type z } from 'zod'
import { AppError } from '#server/errors.ts'
import { centsToDecimal, parseDecimalToCents, type Cents } from '#server/lib/money.ts'
import {
  PayPalCaptureSchema,
  PayPalCreatedOrderSchema,
  PayPalErrorBodySchema,
  PayPalOrderSchema,
  PayPalTokenSchema,
  PayPalVerifySignatureSchema,
  type PayPalCapture,
  type PayPalOrder,
} from './schemas.ts'

export type { PayPalCapture, PayPalOrder, PayPalWebhookEvent } from './schemas.ts'
export { PayPalWebhookEventSchema } from './schemas.ts'

/**
 * PayPal REST (Orders v2, captures, webhook verification) over fetch. Amounts cross the
 * boundary as integer cents; PayPal's decimal strings are parsed with parseDecimalToCents.
 * The client secret and access tokens never appear in an error message or cause.
 */

export type PayPalClientConfig = {
  baseUrl: string
  clientId: string
  clientSecret: string
  webhookId: string
  timeoutMs: number
  /** Defaults to the global fetch, looked up per call (so msw's patch is always seen). */
  fetch?: typeof fetch
}

export type CreateOrderInput = {
  /** PayPal-Request-Id: the same id returns the same order instead of a second one. */
  requestId: string
  amountCents: Cents
  currency: 'USD'
  customId: string
  invoiceId: string
  description: string
  /** Shown at PayPal instead of the merchant account's business name (1–127 characters). */
  brandName: string
  /** Where PayPal sends the buyer after approving, or after cancelling, when it redirects. */
  returnUrl: string
  cancelUrl: string
}

export type PayPalClient = {
  createOrder(input: CreateOrderInput): Promise<{ id: string; status: string }>
  captureOrder(orderId: string, requestId: string): Promise<PayPalOrder>
  getOrder(orderId: string): Promise<PayPalOrder>
  getCapture(captureId: string): Promise<PayPalCapture>
  /**
   * Asks PayPal whether a webhook delivery is genuine. `event` is the parsed body, or the
   * raw body text (then spliced in verbatim, so re-serialisation cannot change what PayPal
   * checks). False when a PAYPAL-* header is missing (PayPal is not called) or PayPal does
   * not answer SUCCESS; throws when PayPal cannot be asked (caller answers 5xx, PayPal retries).
   */
  verifyWebhookSignature(headers: Headers, event: unknown): Promise<boolean>
}

const UNAVAILABLE_MESSAGE = 'PayPal is not responding; please try again.'

/**
 * Assumed lifetime of a token whose answer has no `expires_in`: the token is still usable,
 * and refusing it would fail every payment. Nothing says how long it lives, so the guess is
 * short: if it really expires sooner, one call meets a 401 and fetches another (see call());
 * if it lives for PayPal's usual hours, we only ask for a token every few minutes.
 */
const UNLABELLED_TOKEN_LIFETIME_SECONDS = 5 * 60

/**
 * PayPal answered with an error status. `issue` is `details[0].issue`, else the error
 * `name` (e.g. a 404 has name RESOURCE_NOT_FOUND and issue INVALID_RESOURCE_ID, so check
 * `status === 404` or `name` for "no such order"). AppError code: UPSTREAM_UNAVAILABLE for
 * 5xx and for statuses that are about us rather than the request (401, 403, 408, 429);
 * CONFLICT for the other 4xx (the request conflicts with the order's state).
 */
export class PayPalApiError extends AppError {
  readonly status: number
  readonly issue: string
  readonly paypalName: string | undefined
  readonly debugId: string | undefined
  readonly description: string | undefined
  /** Which call failed, e.g. "capture order". */
  readonly operation: string

  constructor(input: {
    status: number
    issue: string
    name?: string
    debugId?: string
    description?: string
    operation: string
  }) {
    const transient = input.status >= 500 || [401, 403, 408, 429].includes(input.status)
    super(
      transient ? 'UPSTREAM_UNAVAILABLE' : 'CONFLICT',
      transient
        ? UNAVAILABLE_MESSAGE
        : `PayPal rejected the request (${input.issue}${input.description ? `: ${input.description}` : ''}).`,
    )
    this.name = 'PayPalApiError'
    this.status = input.status
    this.issue = input.issue
    this.paypalName = input.name
    this.debugId = input.debugId
    this.description = input.description
    this.operation = input.operation
  }
}

function unavailable(cause: unknown): AppError {
  return new AppError('UPSTREAM_UNAVAILABLE', UNAVAILABLE_MESSAGE, { cause })
}

export type CaptureSummary = {
  id: string
  status: string
  amountCents: Cents
  currency: string
  customId: string | null
}

/**
 * The facts of one capture in integer cents. Throws UPSTREAM_UNAVAILABLE when PayPal's
 * amount is missing or not a plain decimal with at most two places: nothing may be
 * credited from an amount that cannot be read exactly.
 */
export function summarizeCapture(
  capture: PayPalCapture,
  fallbackCustomId?: string,
): CaptureSummary {
  const amount = capture.amount
  if (!amount) {
    throw unavailable(new Error(`PayPal capture ${capture.id} has no amount`))
  }
  const parsed = parseDecimalToCents(amount.value)
  if (!parsed.ok) {
    throw unavailable(
      new Error(
        `PayPal capture ${capture.id} has an unreadable amount "${amount.value}": ${parsed.message}`,
      ),
    )
  }
  return {
    id: capture.id,
    status: capture.status,
    amountCents: parsed.cents,
    currency: amount.currency_code,
    customId: capture.custom_id ?? fallbackCustomId ?? null,
  }
}

/** The first capture of the first purchase unit, or null when the order has none yet. */
export function firstCapture(order: PayPalOrder): CaptureSummary | null {
  const unit = order.purchase_units?.[0]
  const capture = unit?.payments?.captures?.[0]
  if (!capture) return null
  return summarizeCapture(capture, unit?.custom_id)
}

const WEBHOOK_HEADERS = {
  auth_algo: 'paypal-auth-algo',
  cert_url: 'paypal-cert-url',
  transmission_id: 'paypal-transmission-id',
  transmission_sig: 'paypal-transmission-sig',
  transmission_time: 'paypal-transmission-time',
} as const

type Exchange = { status: number; text: string; headers: Headers }

export function createPayPalClient(config: PayPalClientConfig): PayPalClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '')
  const doFetch: typeof fetch = (input, init) => (config.fetch ?? globalThis.fetch)(input, init)

  let cached: { token: string; expiresAt: number } | null = null
  let pendingToken: Promise<string> | null = null

  /** One HTTP exchange under one timeout; any failure without an answer is UPSTREAM_UNAVAILABLE. */
  async function exchange(path: string, init: RequestInit): Promise<Exchange> {
    const signal = AbortSignal.timeout(config.timeoutMs)
    try {
      const response = await doFetch(`${baseUrl}${path}`, { ...init, signal, redirect: 'error' })
      // The body is read under the same deadline.
      const text = await response.text()
      return { status: response.status, text, headers: response.headers }
    } catch (error) {
      throw unavailable(error)
    }
  }

  function parseJson(text: string): unknown {
    try {
      return text === '' ? undefined : (JSON.parse(text) as unknown)
    } catch {
      return undefined
    }
  }

  function parseSuccess<S extends z.ZodType>(
    schema: S,
    res: Exchange,
    operation: string,
  ): z.output<S> {
    const result = schema.safeParse(parseJson(res.text))
    if (!result.success) {
      throw unavailable(
        new Error(`PayPal ${operation} answered ${res.status} with an unexpected body`, {
          cause: result.error,
        }),
      )
    }
    return result.data
  }

  function apiError(res: Exchange, operation: string): PayPalApiError {
    const parsed = PayPalErrorBodySchema.safeParse(parseJson(res.text))
    const body = parsed.success ? parsed.data : {}
    const detail = body.details?.[0]
    return new PayPalApiError({
      status: res.status,
      issue: detail?.issue ?? body.name ?? body.error ?? `HTTP_${res.status}`,
      name: body.name ?? body.error,
      debugId: body.debug_id ?? res.headers.get('paypal-debug-id') ?? undefined,
      description: detail?.description ?? body.message ?? body.error_description,
      operation,
    })
  }

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64')
    const res = await exchange('/v1/oauth2/token', {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    })
    if (res.status < 200 || res.status >= 300) {
      // Wrong credentials are our configuration, not the caller's request: never a CONFLICT.
      const error = apiError(res, 'oauth token')
      throw new AppError('UPSTREAM_UNAVAILABLE', UNAVAILABLE_MESSAGE, {
        cause: new Error(
          `PayPal refused an access token (${res.status} ${error.issue}); check PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET`,
          { cause: error },
        ),
      })
    }
    const token = parseSuccess(PayPalTokenSchema, res, 'oauth token')
    const lifetime = token.expires_in ?? UNLABELLED_TOKEN_LIFETIME_SECONDS
    // Reuse until 60 s before PayPal's expiry.
    cached = {
      token: token.access_token,
      expiresAt: Date.now() + Math.max(0, lifetime - 60) * 1000,
    }
    return token.access_token
  }

  function accessToken(): Promise<string> {
    if (cached && Date.now() < cached.expiresAt) return Promise.resolve(cached.token)
    // Concurrent callers share one token request.
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null
    })
    return pendingToken
  }

  /** An authenticated API call; a 401 drops the cached token and retries once. */
  async function call<S extends z.ZodType>(
    operation: string,
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    options: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<z.output<S>> {
    for (let attempt = 1; ; attempt++) {
      const token = await accessToken()
      const res = await exchange(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
        body: options.body,
      })
      if (res.status === 401 && attempt === 1) {
        if (cached?.token === token) cached = null
        continue
      }
      if (res.status >= 200 && res.status < 300) return parseSuccess(schema, res, operation)
      throw apiError(res, operation)
    }
  }

  const id = (value: string) => encodeURIComponent(value)

  return {
    async createOrder(input) {
      if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) {
        throw new AppError(
          'INTERNAL',
          `Refusing to create a PayPal order for ${input.amountCents} cents.`,
        )
      }
      const body = {
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: input.customId,
            custom_id: input.customId,
            invoice_id: input.invoiceId,
            description: input.description,
            amount: { currency_code: input.currency, value: centsToDecimal(input.amountCents) },
          },
        ],
        // experience_context replaces the deprecated application_context (orders spec).
        payment_source: {
          paypal: {
            experience_context: {
              brand_name: input.brandName,
              // A top-up is a digital good: PayPal must not ask for a shipping address.
              shipping_preference: 'NO_SHIPPING',
              // The server captures right after approval, so PayPal's last button says "Pay Now".
              user_action: 'PAY_NOW',
              return_url: input.returnUrl,
              cancel_url: input.cancelUrl,
            },
          },
        },
      }
      const order = await call(
        'create order',
        PayPalCreatedOrderSchema,
        'POST',
        '/v2/checkout/orders',
        {
          headers: { 'PayPal-Request-Id': input.requestId, Prefer: 'return=representation' },
          body: JSON.stringify(body),
        },
      )
      return { id: order.id, status: order.status }
    },

    captureOrder(orderId, requestId) {
      return call(
        'capture order',
        PayPalOrderSchema,
        'POST',
        `/v2/checkout/orders/${id(orderId)}/capture`,
        {
          headers: { 'PayPal-Request-Id': requestId, Prefer: 'return=representation' },
          body: '{}',
        },
      )
    },

    getOrder(orderId) {
      return call('get order', PayPalOrderSchema, 'GET', `/v2/checkout/orders/${id(orderId)}`)
    },

    getCapture(captureId) {
      return call(
        'get capture',
        PayPalCaptureSchema,
        'GET',
        `/v2/payments/captures/${id(captureId)}`,
      )
    },

    async verifyWebhookSignature(headers, event) {
      const fields: Record<string, string> = {}
      for (const [field, header] of Object.entries(WEBHOOK_HEADERS)) {
        const value = headers.get(header)
        if (!value) return false
        fields[field] = value
      }
      let eventJson: string
      if (typeof event === 'string') {
        // The raw body: checked to be JSON, then passed on byte for byte.
        if (parseJson(event) === undefined) return false
        eventJson = event
      } else {
        eventJson = JSON.stringify(event ?? null)
      }
      const prefix = JSON.stringify({ ...fields, webhook_id: config.webhookId })
      const body = `${prefix.slice(0, -1)},"webhook_event":${eventJson}}`
      const result = await call(
        'verify webhook signature',
        PayPalVerifySignatureSchema,
        'POST',
        '/v1/notifications/verify-webhook-signature',
        { body },
      )
      return result.verification_status === 'SUCCESS'
    },
  }
}
