import { randomBytes, randomUUID } from 'node:crypto'
import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import { centsToDecimal, parseDecimalToCents } from '#server/lib/money.ts'
import { createMemoryStore, type FakeRecordStore, type MemoryStore } from './fake-store.ts'

/**
 * A stateful PayPal (OAuth, Orders v2, captures, webhook verification) for msw, on both the
 * sandbox and the live host. Used by integration tests and by offline mode, so it must not
 * import vitest. Orders live in a FakeRecordStore: in memory for the tests (`paypalHandlers`,
 * asserted through `paypalFake`), in the app's database in offline mode
 * (`createPayPalHandlers`, server/offline-providers.ts), where every process sees the same
 * orders. What is local to a process either way (access tokens, which the app caches per
 * process; injected failures; id counters, whose ids carry a random part) lives on globalThis,
 * so two copies of this module in one process (dev rebuilds, a bundled copy) share it.
 *
 * Behaviour worth knowing:
 * - Idempotency: a create or capture that SUCCEEDED is replayed (200) for the same
 *   PayPal-Request-Id, whichever process received it. Failed captures are not remembered, so
 *   a capture retried with the same request id after ORDER_NOT_APPROVED / INSTRUMENT_DECLINED
 *   is attempted afresh.
 * - Concurrency: a capture runs under the order's lock in the store, so of two racing
 *   captures of one order exactly one captures.
 * - API calls need a Bearer token this fake issued; `revokeTokens()` makes them answer 401.
 */

export const PAYPAL_FAKE_HOSTS = [
  'https://api-m.sandbox.paypal.com',
  'https://api-m.paypal.com',
] as const

/** The one transmission signature the fake's verify-webhook-signature accepts. */
export const PAYPAL_FAKE_VALID_SIGNATURE = 'fake-paypal-transmission-signature-valid'

type Money = { currency_code: string; value: string }

type FakeRefund = {
  id: string
  amount: Money
  /** A reversal (chargeback) is not a merchant refund: not listed in payments.refunds[]. */
  reversal: boolean
  createTime: string
}

type FakeCapture = {
  id: string
  status: string
  statusDetails: { reason: string } | null
  amount: Money
  createTime: string
  updateTime: string
}

export type FakeOrder = {
  id: string
  status: 'CREATED' | 'APPROVED' | 'COMPLETED' | 'VOIDED'
  intent: 'CAPTURE'
  unit: {
    reference_id: string
    custom_id?: string
    invoice_id?: string
    description?: string
    amount: Money
  }
  createRequestId: string | null
  /** The create request's JSON body exactly as received, to check what the client sent. */
  createBody: unknown
  /** Request ids of successful captures (replayed with 200). */
  captureRequestIds: string[]
  declineNextCapture: boolean
  capturePending: boolean
  amountOverride: { value?: string; currency?: string } | null
  capture: FakeCapture | null
  /** The refund id webhookEvent(REFUNDED/REVERSED) reports for this order (one per order). */
  refundId: string | null
  /** Money given back, oldest first; merchant refunds are listed in payments.refunds[]. */
  refunds: FakeRefund[]
  createTime: string
  updateTime: string
}

export type PayPalFailurePath = 'create' | 'capture' | 'get'
export type PayPalFailureMode = 'server_error' | 'timeout' | 'network'

/** Record kinds in the store: orders by id, and the order each create PayPal-Request-Id made. */
const ORDER = 'paypal.order'
const CREATE_REQUEST = 'paypal.create-request'

type State = {
  counter: number
  /** The tests' records; offline mode passes its database store to createPayPalHandlers. */
  store: MemoryStore
  tokens: Set<string>
  tokenRequests: number
  failures: Map<PayPalFailurePath, { mode: PayPalFailureMode; applied: boolean }>
}

function freshState(): State {
  return {
    counter: 0,
    store: createMemoryStore(),
    tokens: new Set(),
    tokenRequests: 0,
    failures: new Map(),
  }
}

const holder = globalThis as typeof globalThis & { __paypalFake?: State }
function state(): State {
  return (holder.__paypalFake ??= freshState())
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const randomId = (length: number) =>
  randomBytes(length).toString('hex').toUpperCase().slice(0, length)
const nextId = (prefix: string) => `${prefix}-${++state().counter}-${randomId(8)}`

// ---------------------------------------------------------------- representations

function error(
  status: number,
  name: string,
  message: string,
  details: { issue: string; description: string }[] = [],
) {
  const debugId = randomId(13).toLowerCase()
  return HttpResponse.json(
    { name, message, debug_id: debugId, details, links: [] },
    { status, headers: { 'paypal-debug-id': debugId } },
  )
}

const unprocessable = (issue: string, description: string) =>
  error(
    422,
    'UNPROCESSABLE_ENTITY',
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
    [{ issue, description }],
  )

const notFound = () =>
  error(404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.', [
    {
      issue: 'INVALID_RESOURCE_ID',
      description:
        'Specified resource ID does not exist. Please check the resource ID and try again.',
    },
  ])

function breakdown(amount: Money) {
  const gross = parseDecimalToCents(amount.value)
  if (!gross.ok) return undefined
  // 3.49% + 49 cents, in integer cents.
  const fee = Math.min(gross.cents, Math.round((gross.cents * 349) / 10000) + 49)
  const money = (cents: number) => ({
    currency_code: amount.currency_code,
    value: centsToDecimal(cents),
  })
  return {
    gross_amount: money(gross.cents),
    paypal_fee: money(fee),
    net_amount: money(gross.cents - fee),
  }
}

function captureJson(base: string, order: FakeOrder, capture: FakeCapture, withOrderId: boolean) {
  return {
    id: capture.id,
    status: capture.status,
    ...(capture.statusDetails ? { status_details: capture.statusDetails } : {}),
    amount: capture.amount,
    final_capture: true,
    seller_protection: {
      status: 'ELIGIBLE',
      dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'],
    },
    ...(breakdown(capture.amount)
      ? { seller_receivable_breakdown: breakdown(capture.amount) }
      : {}),
    ...(order.unit.custom_id === undefined ? {} : { custom_id: order.unit.custom_id }),
    ...(order.unit.invoice_id === undefined ? {} : { invoice_id: order.unit.invoice_id }),
    ...(withOrderId ? { supplementary_data: { related_ids: { order_id: order.id } } } : {}),
    links: [
      { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
      { href: `${base}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
      { href: `${base}/v2/checkout/orders/${order.id}`, rel: 'up', method: 'GET' },
    ],
    create_time: capture.createTime,
    update_time: capture.updateTime,
  }
}

/** Orders spec `refund`, with its `up` link naming the capture. */
function refundJson(base: string, capture: FakeCapture, refund: FakeRefund) {
  return {
    id: refund.id,
    amount: refund.amount,
    status: 'COMPLETED',
    seller_payable_breakdown: {
      gross_amount: refund.amount,
      net_amount: refund.amount,
      total_refunded_amount: refund.amount,
    },
    create_time: refund.createTime,
    update_time: refund.createTime,
    links: [
      { href: `${base}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
      { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'up', method: 'GET' },
    ],
  }
}

function orderJson(base: string, order: FakeOrder) {
  const approved = order.status !== 'CREATED'
  const links =
    order.status === 'COMPLETED'
      ? [{ href: `${base}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' }]
      : [
          { href: `${base}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' },
          {
            href: `https://www.sandbox.paypal.com/checkoutnow?token=${order.id}`,
            rel: 'approve',
            method: 'GET',
          },
          { href: `${base}/v2/checkout/orders/${order.id}`, rel: 'update', method: 'PATCH' },
          {
            href: `${base}/v2/checkout/orders/${order.id}/capture`,
            rel: 'capture',
            method: 'POST',
          },
        ]
  return {
    id: order.id,
    intent: order.intent,
    status: order.status,
    purchase_units: [
      {
        ...order.unit,
        payee: { email_address: 'merchant@example.com', merchant_id: 'FAKEMERCHANT01' },
        ...(order.capture
          ? {
              payments: {
                captures: [captureJson(base, order, order.capture, false)],
                ...(order.refunds.some((r) => !r.reversal)
                  ? {
                      refunds: order.refunds
                        .filter((r) => !r.reversal)
                        .map((r) => refundJson(base, order.capture!, r)),
                    }
                  : {}),
              },
            }
          : {}),
      },
    ],
    ...(approved
      ? {
          payer: {
            name: { given_name: 'Test', surname: 'Buyer' },
            email_address: 'buyer@example.com',
            payer_id: 'FAKEBUYER0001',
          },
        }
      : {}),
    create_time: order.createTime,
    update_time: order.updateTime,
    links,
  }
}

// ---------------------------------------------------------------- request checks

/** Orders spec `paypal_wallet_experience_context` (the fields the app may send). */
const ExperienceContext = z.object({
  brand_name: z.string().min(1).max(127).optional(),
  shipping_preference: z.enum(['GET_FROM_FILE', 'NO_SHIPPING', 'SET_PROVIDED_ADDRESS']).optional(),
  user_action: z.enum(['CONTINUE', 'PAY_NOW']).optional(),
  landing_page: z.enum(['LOGIN', 'GUEST_CHECKOUT', 'NO_PREFERENCE']).optional(),
  return_url: z.url().max(4000).optional(),
  cancel_url: z.url().max(4000).optional(),
})

const CreateOrderBody = z.object({
  intent: z.literal('CAPTURE'),
  payment_source: z
    .object({ paypal: z.object({ experience_context: ExperienceContext.optional() }).optional() })
    .optional(),
  purchase_units: z
    .array(
      z.object({
        reference_id: z.string().max(256).optional(),
        custom_id: z.string().max(127).optional(),
        invoice_id: z.string().max(127).optional(),
        description: z.string().max(127).optional(),
        amount: z.object({ currency_code: z.string().length(3), value: z.string() }),
      }),
    )
    .length(1),
})

const VerifyBody = z.object({
  auth_algo: z.string().min(1),
  cert_url: z.string().min(1),
  transmission_id: z.string().min(1),
  transmission_sig: z.string().min(1),
  transmission_time: z.string().min(1),
  webhook_id: z.string().min(1),
  webhook_event: z.record(z.string(), z.unknown()),
})

function authorized(request: Request): boolean {
  const match = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')
  return match !== null && state().tokens.has(match[1]!)
}

const unauthorized = () =>
  HttpResponse.json(
    {
      name: 'AUTHENTICATION_FAILURE',
      message:
        'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
      links: [],
    },
    { status: 401 },
  )

const wantsRepresentation = (request: Request) =>
  /return=representation/i.test(request.headers.get('prefer') ?? '')

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown
  } catch {
    return undefined
  }
}

/** A pending failure for this path, consumed. */
function takeFailure(path: PayPalFailurePath) {
  const failure = state().failures.get(path)
  if (failure) state().failures.delete(path)
  return failure
}

async function fail(mode: PayPalFailureMode): Promise<Response> {
  if (mode === 'network') return HttpResponse.error()
  if (mode === 'timeout') {
    // Longer than any client timeout: the caller's AbortSignal ends the request.
    await delay('infinite')
  }
  return error(500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred.')
}

/** Runs `handle`, honouring a pending failure before (default) or after it takes effect. */
async function withFailure(
  path: PayPalFailurePath,
  handle: () => Promise<Response> | Response,
): Promise<Response> {
  const failure = takeFailure(path)
  if (failure && !failure.applied) return fail(failure.mode)
  const response = await handle()
  if (failure) return fail(failure.mode)
  return response
}

function findOrder(orderId: string): FakeOrder {
  const order = state().store.peek<FakeOrder>(ORDER, orderId)
  if (!order) throw new Error(`paypalFake: no order ${orderId}`)
  return order
}

const REFUSALS = {
  ORDER_ALREADY_CAPTURED:
    "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
  ORDER_NOT_APPROVED:
    "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
  INSTRUMENT_DECLINED:
    "The instrument presented was either declined by the processor or bank, or it can't be used for this payment.",
} as const

/** One capture call applied to the order (under its lock): the answer's status, or a refusal. */
function captureOrder(
  order: FakeOrder,
  requestId: string | null,
): { status: 200 | 201 } | { refusal: keyof typeof REFUSALS } {
  if (requestId && order.captureRequestIds.includes(requestId)) return { status: 200 }
  if (order.capture) return { refusal: 'ORDER_ALREADY_CAPTURED' }
  if (order.status !== 'APPROVED') return { refusal: 'ORDER_NOT_APPROVED' }
  if (order.declineNextCapture) {
    order.declineNextCapture = false
    return { refusal: 'INSTRUMENT_DECLINED' }
  }
  const time = now()
  order.capture = {
    id: nextId('CAPTURE'),
    status: order.capturePending ? 'PENDING' : 'COMPLETED',
    statusDetails: order.capturePending ? { reason: 'PENDING_REVIEW' } : null,
    amount: {
      currency_code: order.amountOverride?.currency ?? order.unit.amount.currency_code,
      value: order.amountOverride?.value ?? order.unit.amount.value,
    },
    createTime: time,
    updateTime: time,
  }
  order.status = 'COMPLETED'
  order.updateTime = time
  if (requestId) order.captureRequestIds.push(requestId)
  return { status: 201 }
}

/** The buyer approves at PayPal: false when the order is past approval (captured, voided). */
function approveOrder(order: FakeOrder): boolean {
  if (order.status !== 'CREATED' && order.status !== 'APPROVED') return false
  order.status = 'APPROVED'
  order.updateTime = now()
  return true
}

// ---------------------------------------------------------------- handlers

function handlersFor(base: string, store: () => FakeRecordStore): HttpHandler[] {
  const summary = (order: FakeOrder, request: Request) =>
    wantsRepresentation(request)
      ? orderJson(base, order)
      : { id: order.id, status: order.status, links: orderJson(base, order).links }
  return [
    http.post(`${base}/v1/oauth2/token`, async ({ request }) => {
      const basic = /^Basic (.+)$/.exec(request.headers.get('authorization') ?? '')
      const decoded = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : ''
      if (!basic || !/^[^:]+:.+$/.test(decoded)) {
        return HttpResponse.json(
          { error: 'invalid_client', error_description: 'Client Authentication failed' },
          { status: 401 },
        )
      }
      const form = new URLSearchParams(await request.text())
      if (form.get('grant_type') !== 'client_credentials') {
        return HttpResponse.json(
          { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' },
          { status: 400 },
        )
      }
      const s = state()
      s.tokenRequests++
      const token = `A21AA.fake-${s.tokenRequests}-${randomId(24)}`
      s.tokens.add(token)
      return HttpResponse.json({
        scope: 'https://uri.paypal.com/services/payments/payment',
        access_token: token,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: 32400,
        nonce: `${now()}${randomId(16)}`,
      })
    }),

    http.post(`${base}/v2/checkout/orders`, async ({ request }) => {
      if (!authorized(request)) return unauthorized()
      return withFailure('create', async () => {
        const requestId = request.headers.get('paypal-request-id')
        // The order a create with this request id made (always stored before its request id).
        const replay = async (id: string) => {
          const mapped = await store().get<{ orderId: string }>(CREATE_REQUEST, id)
          const order = mapped && (await store().get<FakeOrder>(ORDER, mapped.orderId))
          return order && HttpResponse.json(summary(order, request), { status: 200 })
        }
        const replayed = requestId ? await replay(requestId) : undefined
        if (replayed) return replayed
        const body = await jsonBody(request)
        const parsed = CreateOrderBody.safeParse(body)
        if (!parsed.success) {
          return error(
            400,
            'INVALID_REQUEST',
            'Request is not well-formed, syntactically incorrect, or violates schema.',
            [
              {
                issue: 'INVALID_PARAMETER_SYNTAX',
                description: parsed.error.issues[0]?.message ?? 'invalid',
              },
            ],
          )
        }
        const unit = parsed.data.purchase_units[0]!
        const cents = parseDecimalToCents(unit.amount.value)
        if (!cents.ok) {
          return unprocessable(
            'DECIMAL_PRECISION',
            'If the currency supports decimals, only two decimal place precision is supported.',
          )
        }
        if (cents.cents === 0) {
          return unprocessable('CANNOT_BE_ZERO_OR_NEGATIVE', 'Must be greater than zero.')
        }
        const created = now()
        const order: FakeOrder = {
          id: nextId('ORDER'),
          status: 'CREATED',
          intent: 'CAPTURE',
          unit: { ...unit, reference_id: unit.reference_id ?? 'default' },
          createRequestId: requestId,
          createBody: body,
          captureRequestIds: [],
          declineNextCapture: false,
          capturePending: false,
          amountOverride: null,
          capture: null,
          refundId: null,
          refunds: [],
          createTime: created,
          updateTime: created,
        }
        await store().insert(ORDER, order.id, order)
        if (
          requestId &&
          !(await store().insert(CREATE_REQUEST, requestId, { orderId: order.id }))
        ) {
          // A concurrent create with the same request id won: PayPal answers with its order.
          await store().remove(ORDER, order.id)
          const winner = await replay(requestId)
          if (winner) return winner
        }
        return HttpResponse.json(summary(order, request), { status: 201 })
      })
    }),

    http.get(`${base}/v2/checkout/orders/:orderId`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      return withFailure('get', async () => {
        const order = await store().get<FakeOrder>(ORDER, String(params.orderId))
        return order ? HttpResponse.json(orderJson(base, order)) : notFound()
      })
    }),

    http.post(`${base}/v2/checkout/orders/:orderId/capture`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      return withFailure('capture', async () => {
        const requestId = request.headers.get('paypal-request-id')
        const captured = await store().update<FakeOrder, Response>(
          ORDER,
          String(params.orderId),
          (order) => {
            const outcome = captureOrder(order, requestId)
            return 'refusal' in outcome
              ? unprocessable(outcome.refusal, REFUSALS[outcome.refusal])
              : HttpResponse.json(summary(order, request), { status: outcome.status })
          },
        )
        return captured?.result ?? notFound()
      })
    }),

    http.get(`${base}/v2/payments/captures/:captureId`, ({ request, params }) => {
      if (!authorized(request)) return unauthorized()
      return withFailure('get', async () => {
        const [order] = await store().find<FakeOrder>(ORDER, {
          capture: { id: String(params.captureId) },
        })
        if (!order?.capture) return notFound()
        return HttpResponse.json(captureJson(base, order, order.capture, true))
      })
    }),

    http.post(`${base}/v1/notifications/verify-webhook-signature`, async ({ request }) => {
      if (!authorized(request)) return unauthorized()
      const parsed = VerifyBody.safeParse(await jsonBody(request))
      if (!parsed.success) {
        return error(400, 'VALIDATION_ERROR', 'Invalid request - see details', [
          {
            issue: 'MISSING_REQUIRED_FIELD',
            description: parsed.error.issues[0]?.message ?? 'invalid',
          },
        ])
      }
      return HttpResponse.json({
        verification_status:
          parsed.data.transmission_sig === PAYPAL_FAKE_VALID_SIGNATURE ? 'SUCCESS' : 'FAILURE',
      })
    }),
  ]
}

/** The fake PayPal on both hosts, its orders kept in `store` (offline mode: the database). */
export function createPayPalHandlers(store: () => FakeRecordStore): HttpHandler[] {
  return PAYPAL_FAKE_HOSTS.flatMap((base) => handlersFor(base, store))
}

/** The tests' PayPal: orders in memory, controlled and inspected through `paypalFake`. */
export const paypalHandlers: HttpHandler[] = createPayPalHandlers(() => state().store)

/**
 * Offline mode's simulated buyer approves an order kept in `store` (the /api/dev route):
 * undefined for an unknown order, `approved: false` when it is past approval.
 */
export async function approveStoredOrder(
  store: FakeRecordStore,
  orderId: string,
): Promise<{ approved: boolean; status: FakeOrder['status'] } | undefined> {
  const outcome = await store.update<FakeOrder, { approved: boolean; status: FakeOrder['status'] }>(
    ORDER,
    orderId,
    (order) => ({ approved: approveOrder(order), status: order.status }),
  )
  return outcome?.result
}

// ---------------------------------------------------------------- control object

export type PayPalWebhookEventType =
  | 'PAYMENT.CAPTURE.COMPLETED'
  | 'PAYMENT.CAPTURE.PENDING'
  | 'PAYMENT.CAPTURE.DENIED'
  | 'PAYMENT.CAPTURE.DECLINED'
  | 'PAYMENT.CAPTURE.REFUNDED'
  | 'PAYMENT.CAPTURE.REVERSED'

const SUMMARIES: Record<PayPalWebhookEventType, (amount: Money) => string> = {
  'PAYMENT.CAPTURE.COMPLETED': (a) => `Payment completed for $ ${a.value} ${a.currency_code}`,
  'PAYMENT.CAPTURE.PENDING': (a) => `Payment pending for $ ${a.value} ${a.currency_code}`,
  'PAYMENT.CAPTURE.DENIED': (a) => `Payment denied for $ ${a.value} ${a.currency_code}`,
  'PAYMENT.CAPTURE.DECLINED': (a) => `Payment declined for $ ${a.value} ${a.currency_code}`,
  'PAYMENT.CAPTURE.REFUNDED': (a) =>
    `A $ ${a.value} ${a.currency_code} capture payment was refunded`,
  'PAYMENT.CAPTURE.REVERSED': (a) =>
    `A $ ${a.value} ${a.currency_code} capture payment was reversed`,
}

const EVENT_BASE = PAYPAL_FAKE_HOSTS[0]

function centsOf(value: string): number {
  const parsed = parseDecimalToCents(value)
  if (!parsed.ok) throw new Error(`paypalFake: unreadable amount ${value}`)
  return parsed.cents
}

function refundableCents(order: FakeOrder): number {
  const paid = centsOf(order.capture!.amount.value)
  return order.refunds.reduce((left, r) => left - centsOf(r.amount.value), paid)
}

/** Records money given back and moves the capture to PARTIALLY_REFUNDED or REFUNDED. */
function recordRefund(
  order: FakeOrder,
  input: { id?: string; reversal: boolean; cents?: number },
): FakeRefund {
  const capture = order.capture!
  const left = refundableCents(order)
  const cents = input.cents ?? left
  if (!Number.isSafeInteger(cents) || cents <= 0 || cents > left) {
    throw new Error(`paypalFake: cannot refund ${cents} cents of order ${order.id} (${left} left)`)
  }
  const time = now()
  const refund: FakeRefund = {
    id: input.id ?? nextId('REFUND'),
    amount: { currency_code: capture.amount.currency_code, value: centsToDecimal(cents) },
    reversal: input.reversal,
    createTime: time,
  }
  order.refunds.push(refund)
  capture.status = cents === left ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
  capture.statusDetails = null
  capture.updateTime = time
  return refund
}

function envelope<R extends Record<string, unknown>>(
  type: PayPalWebhookEventType,
  resourceType: string,
  resource: R,
  amount: Money,
) {
  const id = `WH-${randomId(17)}-${randomId(17)}`
  return {
    id,
    event_version: '1.0',
    create_time: new Date().toISOString(),
    resource_type: resourceType,
    resource_version: '2.0',
    event_type: type,
    summary: SUMMARIES[type](amount),
    resource,
    links: [
      {
        href: `${EVENT_BASE}/v1/notifications/webhooks-events/${id}`,
        rel: 'self',
        method: 'GET',
      },
      {
        href: `${EVENT_BASE}/v1/notifications/webhooks-events/${id}/resend`,
        rel: 'resend',
        method: 'POST',
      },
    ],
  }
}

/** REFUNDED/REVERSED carry the refund (resource_type 'refund'; its `up` link names the capture). */
function refundEnvelope(type: PayPalWebhookEventType, order: FakeOrder, refund: FakeRefund) {
  const resource = {
    ...refundJson(EVENT_BASE, order.capture!, refund),
    ...(order.unit.invoice_id === undefined ? {} : { invoice_id: order.unit.invoice_id }),
  }
  return envelope(type, 'refund', resource, refund.amount)
}

export const paypalFake = {
  validSignature: PAYPAL_FAKE_VALID_SIGNATURE,
  hosts: PAYPAL_FAKE_HOSTS,

  /** The payer approves the order (as after the PayPal popup). */
  approve(orderId: string): void {
    const order = findOrder(orderId)
    if (!approveOrder(order)) {
      throw new Error(`paypalFake: order ${orderId} is ${order.status}, cannot approve`)
    }
  },

  /** The next capture of this order fails with 422 INSTRUMENT_DECLINED (once). */
  declineNextCapture(orderId: string): void {
    findOrder(orderId).declineNextCapture = true
  },

  /** The capture of this order comes back PENDING (status_details.reason PENDING_REVIEW). */
  capturePending(orderId: string): void {
    findOrder(orderId).capturePending = true
  },

  /** The capture reports this amount and/or currency instead of the order's. */
  overrideCapturedAmount(orderId: string, override: { value?: string; currency?: string }): void {
    findOrder(orderId).amountOverride = override
  },

  /**
   * The next request on `path` fails ('get' covers order and capture details). By default
   * the failure comes before the request takes effect; `{ applied: true }` applies it first
   * and then loses the answer (a capture that happened but whose response never arrived).
   */
  failNext(
    path: PayPalFailurePath,
    mode: PayPalFailureMode,
    options: { applied?: boolean } = {},
  ): void {
    state().failures.set(path, { mode, applied: options.applied ?? false })
  },

  /** A copy of the fake's record of an order, or undefined. */
  order(orderId: string): FakeOrder | undefined {
    const order = state().store.peek<FakeOrder>(ORDER, orderId)
    return order ? structuredClone(order) : undefined
  },

  /** All orders, oldest first (copies). */
  orders(): FakeOrder[] {
    return state()
      .store.all<FakeOrder>(ORDER)
      .map((order) => structuredClone(order))
  },

  /** PayPal finishes reviewing a pending capture: PENDING → COMPLETED. */
  completeCapture(orderId: string): void {
    const capture = findOrder(orderId).capture
    if (!capture) throw new Error(`paypalFake: order ${orderId} has no capture`)
    capture.status = 'COMPLETED'
    capture.statusDetails = null
    capture.updateTime = now()
  },

  /** How many access tokens were issued since the last reset. */
  tokenRequests(): number {
    return state().tokenRequests
  },

  /** Invalidates every issued access token: the next API call answers 401. */
  revokeTokens(): void {
    state().tokens.clear()
  },

  reset(): void {
    holder.__paypalFake = freshState()
  },

  /**
   * A webhook delivery for the order's capture, as PayPal posts it, with the capture's new
   * state applied to the fake (COMPLETED completes a pending capture, DENIED/DECLINED
   * decline it, REFUNDED/REVERSED refund it), so a later GET agrees with the event.
   * For REFUNDED/REVERSED the resource is a refund (resource_type 'refund', its `up` link
   * names the capture), as PayPal sends them; the other types carry the capture itself with
   * custom_id and supplementary_data.related_ids.order_id.
   */
  webhookEvent(type: PayPalWebhookEventType, orderId: string) {
    const order = findOrder(orderId)
    const capture = order.capture
    if (!capture) throw new Error(`paypalFake: order ${orderId} has no capture`)
    const time = now()
    switch (type) {
      case 'PAYMENT.CAPTURE.COMPLETED':
        capture.status = 'COMPLETED'
        capture.statusDetails = null
        break
      case 'PAYMENT.CAPTURE.PENDING':
        capture.status = 'PENDING'
        capture.statusDetails ??= { reason: 'PENDING_REVIEW' }
        break
      case 'PAYMENT.CAPTURE.DENIED':
      case 'PAYMENT.CAPTURE.DECLINED':
        capture.status = 'DECLINED'
        capture.statusDetails = null
        break
      case 'PAYMENT.CAPTURE.REFUNDED':
      case 'PAYMENT.CAPTURE.REVERSED': {
        // One refund per order through this method: the whole remaining amount, recorded once.
        order.refundId ??= nextId('REFUND')
        const recorded = order.refunds.find((r) => r.id === order.refundId)
        const refund =
          recorded ??
          (refundableCents(order) > 0
            ? recordRefund(order, {
                id: order.refundId,
                reversal: type === 'PAYMENT.CAPTURE.REVERSED',
              })
            : {
                id: order.refundId,
                amount: capture.amount,
                reversal: type === 'PAYMENT.CAPTURE.REVERSED',
                createTime: time,
              })
        return refundEnvelope(type, order, refund)
      }
    }
    capture.updateTime = time
    return envelope(type, 'capture', captureJson(EVENT_BASE, order, capture, true), capture.amount)
  },

  /**
   * PayPal refunds `value` (default: all that is left) of the order's capture, or reverses it
   * (a chargeback: `reversal`). The fake records it (GET order lists merchant refunds in
   * payments.refunds[]; the capture becomes PARTIALLY_REFUNDED or REFUNDED) and returns the
   * webhook delivery PayPal would post. The same `refundId` again returns the same refund.
   */
  refund(
    orderId: string,
    options: { value?: string; refundId?: string; reversal?: boolean } = {},
  ): ReturnType<typeof refundEnvelope> {
    const order = findOrder(orderId)
    if (!order.capture) throw new Error(`paypalFake: order ${orderId} has no capture`)
    const reversal = options.reversal ?? false
    const existing = options.refundId
      ? order.refunds.find((r) => r.id === options.refundId)
      : undefined
    const refund =
      existing ??
      recordRefund(order, {
        id: options.refundId,
        reversal,
        cents: options.value === undefined ? undefined : centsOf(options.value),
      })
    return refundEnvelope(
      refund.reversal ? 'PAYMENT.CAPTURE.REVERSED' : 'PAYMENT.CAPTURE.REFUNDED',
      order,
      refund,
    )
  },

  /** The PAYPAL-* headers of a delivery; `valid: false` carries a signature the fake rejects. */
  webhookHeaders(valid: boolean): Record<string, string> {
    return {
      'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
      'PAYPAL-CERT-URL':
        'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77',
      'PAYPAL-TRANSMISSION-ID': randomUUID(),
      'PAYPAL-TRANSMISSION-SIG': valid ? PAYPAL_FAKE_VALID_SIGNATURE : 'forged-signature',
      'PAYPAL-TRANSMISSION-TIME': new Date().toISOString(),
    }
  },
}
