import { http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '#server/errors.ts'
import {
  createPayPalClient,
  firstCapture,
  PayPalApiError,
  type PayPalClientConfig,
  type PayPalOrder,
} from '#server/integrations/paypal/client.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { mockServer } from '#tests/mocks/server.ts'

const BASE = 'https://api-m.sandbox.paypal.com'
const SECRET = 'client-secret-never-shown'

function client(overrides: Partial<PayPalClientConfig> = {}) {
  return createPayPalClient({
    baseUrl: BASE,
    clientId: 'client-id',
    clientSecret: SECRET,
    webhookId: 'WH-ID-1',
    timeoutMs: 5000,
    ...overrides,
  })
}

/** A fetch that records each request it passes on to msw. */
function recordingFetch() {
  const requests: { url: string; method: string; headers: Headers; body: string }[] = []
  const fetchFn: typeof fetch = (input, init) => {
    requests.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : '',
    })
    return fetch(input, init)
  }
  return { fetch: fetchFn, requests }
}

let seq = 0
const requestId = (label: string) => `${label}-${++seq}-${Date.now()}`

const CHECKOUT_PAGE = 'https://panel.example.com/billing?tab=credits'
const EXPERIENCE = { brandName: 'SkyPANEL', returnUrl: CHECKOUT_PAGE, cancelUrl: CHECKOUT_PAGE }

async function createOrder(paypal = client(), amountCents = 1234) {
  return paypal.createOrder({
    requestId: requestId('create'),
    amountCents,
    currency: 'USD',
    customId: '42',
    invoiceId: `inv-${++seq}`,
    description: 'Test top-up',
    ...EXPERIENCE,
  })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

async function apiError(promise: Promise<unknown>): Promise<PayPalApiError> {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(PayPalApiError)
  return error as PayPalApiError
}

function expectUnavailable(error: unknown) {
  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'PayPal is not responding; please try again.',
  })
  expect(String((error as Error).message)).not.toContain(SECRET)
}

beforeEach(() => paypalFake.reset())

describe('OAuth token', () => {
  it('fetches one token for several calls', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    await paypal.getOrder(order.id)
    await paypal.getOrder(order.id)
    expect(paypalFake.tokenRequests()).toBe(1)
  })

  it('shares one token request between concurrent calls', async () => {
    const paypal = client()
    await Promise.all([createOrder(paypal), createOrder(paypal), createOrder(paypal)])
    expect(paypalFake.tokenRequests()).toBe(1)
  })

  it('drops the token and retries once after a 401', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    paypalFake.revokeTokens()
    const fetched = await paypal.getOrder(order.id)
    expect(fetched.id).toBe(order.id)
    expect(paypalFake.tokenRequests()).toBe(2)
  })

  it('retries a 401 only once', async () => {
    let apiCalls = 0
    mockServer.use(
      http.get(`${BASE}/v2/checkout/orders/:id`, () => {
        apiCalls++
        return HttpResponse.json({ name: 'AUTHENTICATION_FAILURE', message: 'no' }, { status: 401 })
      }),
    )
    const error = await apiError(client().getOrder('ORDER-X'))
    expect(apiCalls).toBe(2)
    expect(error).toMatchObject({
      status: 401,
      issue: 'AUTHENTICATION_FAILURE',
      code: 'UPSTREAM_UNAVAILABLE',
    })
  })

  it('refetches a token that is within 60 s of expiry', async () => {
    let tokenCalls = 0
    mockServer.use(
      http.post(`${BASE}/v1/oauth2/token`, () => {
        tokenCalls++
        return HttpResponse.json({ access_token: `short-${tokenCalls}`, expires_in: 30 })
      }),
      http.get(`${BASE}/v2/checkout/orders/:id`, ({ params }) =>
        HttpResponse.json({ id: String(params.id), status: 'CREATED' }),
      ),
    )
    const paypal = client()
    await paypal.getOrder('A')
    await paypal.getOrder('B')
    expect(tokenCalls).toBe(2)
  })

  it('accepts a token answer without expires_in and reuses it for a short, assumed lifetime', async () => {
    let tokenCalls = 0
    mockServer.use(
      http.post(`${BASE}/v1/oauth2/token`, () => {
        tokenCalls++
        return HttpResponse.json({ access_token: `unlabelled-${tokenCalls}`, token_type: 'Bearer' })
      }),
      http.get(`${BASE}/v2/checkout/orders/:id`, ({ params }) =>
        HttpResponse.json({ id: String(params.id), status: 'CREATED' }),
      ),
    )
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const paypal = client()
      expect((await paypal.getOrder('A')).id).toBe('A')
      vi.setSystemTime(Date.now() + 3 * 60_000)
      await paypal.getOrder('B')
      expect(tokenCalls).toBe(1)
      // Not trusted for PayPal's usual hours: a fresh token within five minutes.
      vi.setSystemTime(Date.now() + 2 * 60_000)
      await paypal.getOrder('C')
      expect(tokenCalls).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends Basic credentials and never puts the secret in an error', async () => {
    let authorization = ''
    let body = ''
    mockServer.use(
      http.post(`${BASE}/v1/oauth2/token`, async ({ request }) => {
        authorization = request.headers.get('authorization') ?? ''
        body = await request.text()
        return HttpResponse.json(
          { error: 'invalid_client', error_description: 'Client Authentication failed' },
          { status: 401 },
        )
      }),
    )
    const error = await rejection(client().getOrder('ORDER-1'))
    expect(authorization).toBe(`Basic ${Buffer.from(`client-id:${SECRET}`).toString('base64')}`)
    expect(body).toBe('grant_type=client_credentials')
    expectUnavailable(error)
    const causes =
      JSON.stringify(error, Object.getOwnPropertyNames(error)) + String((error as Error).cause)
    expect(causes).not.toContain(SECRET)
  })
})

describe('orders', () => {
  it('creates, approves and captures with exact cents', async () => {
    const recorder = recordingFetch()
    const paypal = client({ fetch: recorder.fetch })
    const order = await createOrder(paypal, 1999)
    expect(order).toEqual({ id: expect.stringMatching(/^ORDER-\d+-/), status: 'CREATED' })
    const sent = recorder.requests.find((r) => r.url === `${BASE}/v2/checkout/orders`)!
    expect(sent.method).toBe('POST')
    expect(sent.headers.get('paypal-request-id')).toMatch(/^create-/)
    expect(sent.headers.get('prefer')).toBe('return=representation')
    expect(sent.headers.get('authorization')).toMatch(/^Bearer /)
    expect(JSON.parse(sent.body)).toEqual({
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: '42',
          custom_id: '42',
          invoice_id: expect.stringMatching(/^inv-/),
          description: 'Test top-up',
          amount: { currency_code: 'USD', value: '19.99' },
        },
      ],
      // Orders spec: experience_context, not the deprecated application_context.
      payment_source: {
        paypal: {
          experience_context: {
            brand_name: 'SkyPANEL',
            shipping_preference: 'NO_SHIPPING',
            user_action: 'PAY_NOW',
            return_url: CHECKOUT_PAGE,
            cancel_url: CHECKOUT_PAGE,
          },
        },
      },
    })

    paypalFake.approve(order.id)
    const captureRequestId = requestId('capture')
    const captured = await paypal.captureOrder(order.id, captureRequestId)
    const captureCall = recorder.requests.find((r) => r.url.endsWith('/capture'))!
    expect(captureCall.headers.get('paypal-request-id')).toBe(captureRequestId)
    expect(captureCall.headers.get('prefer')).toBe('return=representation')
    expect(captureCall.body).toBe('{}')
    expect(captured.status).toBe('COMPLETED')
    const capture = firstCapture(captured)
    expect(capture).toEqual({
      id: expect.stringMatching(/^CAPTURE-/),
      status: 'COMPLETED',
      amountCents: 1999,
      currency: 'USD',
      customId: '42',
    })

    const fetched = await paypal.getCapture(capture!.id)
    expect(fetched.supplementary_data?.related_ids?.order_id).toBe(order.id)
    expect(fetched.amount).toEqual({ currency_code: 'USD', value: '19.99' })
    expect((await paypal.getOrder(order.id)).status).toBe('COMPLETED')
  })

  it('PayPal (the fake) receives the experience context and no application_context', async () => {
    const order = await createOrder()
    const body = paypalFake.order(order.id)!.createBody as Record<string, unknown>
    expect(body).not.toHaveProperty('application_context')
    expect(body.payment_source).toEqual({
      paypal: {
        experience_context: {
          brand_name: 'SkyPANEL',
          shipping_preference: 'NO_SHIPPING',
          user_action: 'PAY_NOW',
          return_url: CHECKOUT_PAGE,
          cancel_url: CHECKOUT_PAGE,
        },
      },
    })
  })

  it('PayPal (the fake) refuses an experience context outside the orders spec', async () => {
    const error = await apiError(
      client().createOrder({
        requestId: requestId('create'),
        amountCents: 500,
        currency: 'USD',
        customId: '8',
        invoiceId: 'inv-8',
        description: 'x',
        ...EXPERIENCE,
        returnUrl: 'not a url',
      }),
    )
    expect(error).toMatchObject({ status: 400, issue: 'INVALID_PARAMETER_SYNTAX' })
    expect(paypalFake.orders()).toHaveLength(0)
  })

  it('returns the same order for the same create request id', async () => {
    const paypal = client()
    const input = {
      requestId: requestId('create'),
      amountCents: 500,
      currency: 'USD' as const,
      customId: '7',
      invoiceId: 'inv-7',
      description: 'x',
      ...EXPERIENCE,
    }
    const first = await paypal.createOrder(input)
    const second = await paypal.createOrder(input)
    expect(second.id).toBe(first.id)
    expect(paypalFake.orders()).toHaveLength(1)
  })

  it('refuses to capture before approval with ORDER_NOT_APPROVED', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    const error = await apiError(paypal.captureOrder(order.id, requestId('capture')))
    expect(error).toMatchObject({ status: 422, issue: 'ORDER_NOT_APPROVED', code: 'CONFLICT' })
    expect(error.debugId).toBeTruthy()
  })

  it('answers ORDER_ALREADY_CAPTURED to a second capture with another request id', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    paypalFake.approve(order.id)
    await paypal.captureOrder(order.id, requestId('capture'))
    const error = await apiError(paypal.captureOrder(order.id, requestId('capture')))
    expect(error).toMatchObject({ status: 422, issue: 'ORDER_ALREADY_CAPTURED' })
  })

  it('replays the same capture for the same request id', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    paypalFake.approve(order.id)
    const id = requestId('capture')
    const first = firstCapture(await paypal.captureOrder(order.id, id))
    const second = firstCapture(await paypal.captureOrder(order.id, id))
    expect(second).toEqual(first)
    expect(first?.status).toBe('COMPLETED')
  })

  it('reports INSTRUMENT_DECLINED, then captures on the retry', async () => {
    const paypal = client()
    const order = await createOrder(paypal)
    paypalFake.approve(order.id)
    paypalFake.declineNextCapture(order.id)
    const id = requestId('capture')
    const error = await apiError(paypal.captureOrder(order.id, id))
    expect(error.issue).toBe('INSTRUMENT_DECLINED')
    expect(firstCapture(await paypal.captureOrder(order.id, id))?.status).toBe('COMPLETED')
  })

  it('reports a pending capture and its later completion', async () => {
    const paypal = client()
    const order = await createOrder(paypal, 2500)
    paypalFake.approve(order.id)
    paypalFake.capturePending(order.id)
    const captured = await paypal.captureOrder(order.id, requestId('capture'))
    const capture = firstCapture(captured)
    expect(capture).toMatchObject({ status: 'PENDING', amountCents: 2500 })
    expect(captured.purchase_units?.[0]?.payments?.captures?.[0]?.status_details?.reason).toBe(
      'PENDING_REVIEW',
    )
    paypalFake.completeCapture(order.id)
    expect((await paypal.getCapture(capture!.id)).status).toBe('COMPLETED')
  })

  it('shows an overridden captured amount and currency', async () => {
    const paypal = client()
    const order = await createOrder(paypal, 2500)
    paypalFake.approve(order.id)
    paypalFake.overrideCapturedAmount(order.id, { value: '0.01', currency: 'EUR' })
    const capture = firstCapture(await paypal.captureOrder(order.id, requestId('capture')))
    expect(capture).toMatchObject({ amountCents: 1, currency: 'EUR' })
  })

  it('reports an unknown order as 404', async () => {
    const error = await apiError(client().getOrder('ORDER-NOPE'))
    expect(error).toMatchObject({ status: 404, paypalName: 'RESOURCE_NOT_FOUND', code: 'CONFLICT' })
  })
})

describe('firstCapture', () => {
  const order = (captures: unknown[]): PayPalOrder =>
    ({
      id: 'O',
      status: 'COMPLETED',
      purchase_units: [{ custom_id: '9', payments: { captures } }],
    }) as PayPalOrder

  it('is null without a capture, and tolerates minimal orders', () => {
    expect(firstCapture({ id: 'O', status: 'CREATED' })).toBeNull()
    expect(firstCapture(order([]))).toBeNull()
  })

  it('falls back to the purchase unit custom_id', () => {
    expect(
      firstCapture(
        order([{ id: 'C', status: 'COMPLETED', amount: { currency_code: 'USD', value: '10.5' } }]),
      ),
    ).toEqual({ id: 'C', status: 'COMPLETED', amountCents: 1050, currency: 'USD', customId: '9' })
  })

  it.each(['1.234', '-5.00', '1e3', '', 'abc'])(
    'throws UPSTREAM_UNAVAILABLE for amount %j',
    (value) => {
      expect(() =>
        firstCapture(
          order([{ id: 'C', status: 'COMPLETED', amount: { currency_code: 'USD', value } }]),
        ),
      ).toThrow(expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }))
    },
  )
})

describe('failures', () => {
  it('maps a 5xx to UPSTREAM_UNAVAILABLE', async () => {
    const paypal = client()
    paypalFake.failNext('create', 'server_error')
    const error = await rejection(createOrder(paypal))
    expectUnavailable(error)
    expect(error).toBeInstanceOf(PayPalApiError)
    expect((error as PayPalApiError).status).toBe(500)
  })

  it('maps a timeout to UPSTREAM_UNAVAILABLE', async () => {
    const paypal = client({ timeoutMs: 200 })
    const order = await createOrder(paypal)
    paypalFake.approve(order.id)
    paypalFake.failNext('capture', 'timeout')
    const started = Date.now()
    const error = await rejection(paypal.captureOrder(order.id, requestId('capture')))
    expectUnavailable(error)
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('maps a network error to UPSTREAM_UNAVAILABLE', async () => {
    const paypal = client()
    paypalFake.failNext('get', 'network')
    expectUnavailable(await rejection(paypal.getOrder('ORDER-1')))
  })

  it('maps an unparsable success body to UPSTREAM_UNAVAILABLE', async () => {
    mockServer.use(
      http.get(`${BASE}/v2/checkout/orders/:id`, () => HttpResponse.text('<html>oops</html>')),
    )
    expectUnavailable(await rejection(client().getOrder('ORDER-1')))
  })

  it('a capture whose answer was lost is recovered as ORDER_ALREADY_CAPTURED + get', async () => {
    const paypal = client({ timeoutMs: 200 })
    const order = await createOrder(paypal)
    paypalFake.approve(order.id)
    paypalFake.failNext('capture', 'timeout', { applied: true })
    expectUnavailable(await rejection(paypal.captureOrder(order.id, requestId('capture'))))
    const error = await apiError(paypal.captureOrder(order.id, requestId('capture')))
    expect(error.issue).toBe('ORDER_ALREADY_CAPTURED')
    expect(firstCapture(await paypal.getOrder(order.id))?.status).toBe('COMPLETED')
  })

  it('accepts a minimal order with unknown extra fields', async () => {
    mockServer.use(
      http.get(`${BASE}/v2/checkout/orders/:id`, ({ params }) =>
        HttpResponse.json({ id: String(params.id), status: 'APPROVED', brand_new_field: { x: 1 } }),
      ),
    )
    const order = await client().getOrder('ORDER-MIN')
    expect(order).toMatchObject({ id: 'ORDER-MIN', status: 'APPROVED' })
    expect(firstCapture(order)).toBeNull()
  })
})

describe('webhook signature', () => {
  async function order() {
    const paypal = client()
    const created = await createOrder(paypal)
    paypalFake.approve(created.id)
    await paypal.captureOrder(created.id, requestId('capture'))
    return { paypal, orderId: created.id }
  }

  it('is true for a genuine delivery and false for a forged one', async () => {
    const { paypal, orderId } = await order()
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    expect(event).toMatchObject({
      id: expect.stringMatching(/^WH-/),
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource_type: 'capture',
      resource: { custom_id: '42', supplementary_data: { related_ids: { order_id: orderId } } },
    })
    expect(
      await paypal.verifyWebhookSignature(new Headers(paypalFake.webhookHeaders(true)), event),
    ).toBe(true)
    expect(
      await paypal.verifyWebhookSignature(new Headers(paypalFake.webhookHeaders(false)), event),
    ).toBe(false)
  })

  it('sends the whole event, the webhook id and the headers, raw text verbatim', async () => {
    const { orderId } = await order()
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const raw = JSON.stringify(event, null, 2)
    const recorder = recordingFetch()
    const verifying = client({ fetch: recorder.fetch })
    const headers = new Headers(paypalFake.webhookHeaders(true))
    expect(await verifying.verifyWebhookSignature(headers, raw)).toBe(true)
    const bodies = recorder.requests
      .filter((r) => r.url.endsWith('/verify-webhook-signature'))
      .map((r) => r.body)
    expect(bodies[0]).toContain(raw)
    expect(JSON.parse(bodies[0]!)).toEqual({
      auth_algo: 'SHA256withRSA',
      cert_url: headers.get('paypal-cert-url'),
      transmission_id: headers.get('paypal-transmission-id'),
      transmission_sig: paypalFake.validSignature,
      transmission_time: headers.get('paypal-transmission-time'),
      webhook_id: 'WH-ID-1',
      webhook_event: event,
    })
  })

  it('is false without calling PayPal when a header is missing', async () => {
    const { orderId } = await order()
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const recorder = recordingFetch()
    const checking = client({ fetch: recorder.fetch })
    for (const header of Object.keys(paypalFake.webhookHeaders(true))) {
      const headers = new Headers(paypalFake.webhookHeaders(true))
      headers.delete(header)
      expect(await checking.verifyWebhookSignature(headers, event)).toBe(false)
    }
    expect(recorder.requests).toEqual([])
  })

  it('builds refund events with a refund resource pointing at the capture', async () => {
    const { paypal, orderId } = await order()
    const captureId = paypalFake.order(orderId)!.capture!.id
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderId)
    expect(event.resource_type).toBe('refund')
    expect(JSON.stringify(event.resource)).toContain(`/v2/payments/captures/${captureId}`)
    expect((await paypal.getCapture(captureId)).status).toBe('REFUNDED')
  })
})

describe('fake hosts', () => {
  it('serves the live host too', async () => {
    const paypal = client({ baseUrl: 'https://api-m.paypal.com' })
    const order = await createOrder(paypal)
    expect((await paypal.getOrder(order.id)).status).toBe('CREATED')
  })
})
