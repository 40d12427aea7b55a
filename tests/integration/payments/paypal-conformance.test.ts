import { http, HttpResponse } from 'msw'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as creditsOrdersRoute from '#app/routes/api.billing.custom-credits.orders.ts'
import { PAYPAL_API_BASE } from '#server/env.ts'
import {
  apiCaptureOrder,
  apiCreateOrder,
  approvedOrder,
  balanceCents,
  clearRateLimits,
  creditEntries,
  readRest,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
  type Purpose,
  type Via,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { mockServer } from '#tests/mocks/server.ts'

/**
 * The checkout against PayPal's own specifications (issue #10): orders carry
 * payment_source.paypal.experience_context (a digital good, Pay Now, our brand, return and
 * cancel URLs on the app's own origin), and only INSTRUMENT_DECLINED lets the checkout
 * restart PayPal's approval; every other refusal is final.
 */

const VIAS: Via[] = ['trpc', 'rest']

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

/** What PayPal (the fake) received when the order was created. */
function createBodyOf(orderId: string): Record<string, unknown> {
  return paypalFake.order(orderId)!.createBody as Record<string, unknown>
}

function experience(page: string) {
  return {
    paypal: {
      experience_context: {
        brand_name: 'SkyPANEL',
        shipping_preference: 'NO_SHIPPING',
        user_action: 'PAY_NOW',
        return_url: page,
        cancel_url: page,
      },
    },
  }
}

describe('creating the order', () => {
  it.each(
    VIAS.flatMap((via) => [
      [via, 'custom_credits', 'http://localhost:3000/billing?tab=credits'],
      [via, 'virtfusion_tokens', 'http://localhost:3000/billing?tab=tokens'],
    ]) as [Via, Purpose, string][],
  )(
    'over %s, a %s order asks PayPal for no shipping and Pay Now, and returns to %s',
    async (via, purpose, page) => {
      const created = await apiCreateOrder(via, alice, purpose, { amount: '25.00' })
      expect(created.error).toBeNull()
      const body = createBodyOf(created.data!.orderId)
      expect(body.payment_source).toEqual(experience(page))
      // The deprecated form is not sent alongside.
      expect(body).not.toHaveProperty('application_context')
    },
  )

  it('builds the return URL from the request’s own origin, never from what the browser sends', async () => {
    const request = new Request('https://panel.example.com/api/billing/custom-credits/orders', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: alice.cookie,
        Referer: 'https://evil.example/billing',
      },
      body: JSON.stringify({
        amount: '25.00',
        returnUrl: 'https://evil.example/return',
        return_url: 'https://evil.example/return',
        cancel_url: 'https://evil.example/cancel',
      }),
    })
    const response = await creditsOrdersRoute.action({
      request,
      params: {},
      context: { clientIp: '127.0.0.1' },
    })
    const created = await readRest<{ orderId: string }>(response)
    expect(created.error).toBeNull()
    expect(createBodyOf(created.data!.orderId).payment_source).toEqual(
      experience('https://panel.example.com/billing?tab=credits'),
    )
  })
})

/** PayPal answers the next capture of any order with this response instead of capturing. */
function paypalAnswersCapture(respond: (orderId: string) => Response) {
  mockServer.use(
    http.post(`${PAYPAL_API_BASE}/v2/checkout/orders/:orderId/capture`, ({ params }) =>
      respond(String(params.orderId)),
    ),
  )
}

function unprocessable(issue: string) {
  return HttpResponse.json(
    {
      name: 'UNPROCESSABLE_ENTITY',
      message:
        'The requested action could not be performed, semantically incorrect, or failed business validation.',
      debug_id: 'f00dfeed01',
      details: [{ issue, description: `The fake says ${issue}.` }],
      links: [],
    },
    { status: 422 },
  )
}

describe('a refused capture', () => {
  it.each(VIAS)(
    'over %s, 422 INSTRUMENT_DECLINED lets the checkout restart PayPal; the buyer’s next funding source is captured',
    async (via) => {
      const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
      paypalFake.declineNextCapture(orderId)

      const declined = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(declined.status).toBe(402)
      expect(declined.error).toMatchObject({
        code: 'PAYMENT_DECLINED',
        details: { restart: true, issue: 'INSTRUMENT_DECLINED' },
      })
      expect(await creditEntries(alice.id)).toHaveLength(0)
      expect(await topupById(topupId)).toMatchObject({ status: 'created', captureAttempt: 1 })

      // actions.restart(): the buyer approves again at PayPal, and the capture goes through.
      paypalFake.approve(orderId)
      const retry = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(retry.data?.status).toBe('completed')
      expect(await balanceCents(alice.id)).toBe(2500)
    },
  )

  it.each([
    'TRANSACTION_REFUSED',
    'PAYER_CANNOT_PAY',
    'COMPLIANCE_VIOLATION',
    'MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED',
    'DUPLICATE_INVOICE_ID',
  ])('422 %s is final: a clear message, no restart, nothing credited', async (issue) => {
    const { orderId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalAnswersCapture(() => unprocessable(issue))

    for (const via of VIAS) {
      const refused = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(refused.status).toBe(402)
      expect(refused.error).toMatchObject({
        code: 'PAYMENT_DECLINED',
        details: { restart: false, issue },
      })
      expect(refused.error!.message).toMatch(/nothing was charged.*start a new checkout/i)
    }
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })

  it.each(VIAS)(
    'over %s, a COMPLETED order whose capture is DECLINED is final: no restart, the top-up fails, nothing credited',
    async (via) => {
      const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
      paypalAnswersCapture((id) =>
        HttpResponse.json(
          {
            id,
            intent: 'CAPTURE',
            status: 'COMPLETED',
            purchase_units: [
              {
                reference_id: String(topupId),
                custom_id: String(topupId),
                amount: { currency_code: 'USD', value: '25.00' },
                payments: {
                  captures: [
                    {
                      id: `CAPTURE-DECLINED-${topupId}`,
                      status: 'DECLINED',
                      amount: { currency_code: 'USD', value: '25.00' },
                      custom_id: String(topupId),
                      final_capture: true,
                    },
                  ],
                },
              },
            ],
          },
          { status: 201 },
        ),
      )

      const declined = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(declined.status).toBe(402)
      expect(declined.error).toMatchObject({
        code: 'PAYMENT_DECLINED',
        details: { restart: false },
      })
      expect(declined.error!.message).toMatch(/declined.*start a new checkout/i)
      expect(await topupById(topupId)).toMatchObject({ status: 'failed' })

      // Asking again about the failed top-up gives the same final answer.
      const again = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(again.error).toMatchObject({ code: 'PAYMENT_DECLINED', details: { restart: false } })
      expect(await creditEntries(alice.id)).toHaveLength(0)
      expect(await balanceCents(alice.id)).toBe(0)
    },
  )

  it('409 from PayPal (a request with this PayPal-Request-Id still running) is no refusal: retry with the same id', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalAnswersCapture(() =>
      HttpResponse.json(
        {
          name: 'RESOURCE_CONFLICT',
          message: 'The server has detected a conflict while processing this request.',
          details: [
            {
              issue: 'PREVIOUS_REQUEST_IN_PROGRESS',
              description: 'A previous request on this resource is currently in progress.',
            },
          ],
        },
        { status: 409 },
      ),
    )
    const busy = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(busy.status).toBe(409)
    expect(busy.error?.code).toBe('CAPTURE_IN_PROGRESS')
    expect(busy.error?.details?.restart).toBeUndefined()
    expect(await topupById(topupId)).toMatchObject({ status: 'created', captureAttempt: 0 })

    mockServer.resetHandlers()
    const retry = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(retry.data?.status).toBe('completed')
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
    expect(await balanceCents(alice.id)).toBe(2500)
  })
})
