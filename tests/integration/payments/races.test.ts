import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { OFFLINE_VIRTFUSION_API_URL, PAYPAL_API_BASE } from '#server/env.ts'
import { createPayPalClient } from '#server/integrations/paypal/client.ts'
import { getProviders, type Providers } from '#server/integrations/providers.ts'
import { createVirtFusionClient } from '#server/integrations/virtfusion/client.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import { sql } from 'drizzle-orm'
import {
  approvedOrder,
  balanceCents,
  capturedTopup,
  clearRateLimits,
  creditEntries,
  postWebhook,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * Interleavings of the capture/delivery paths with PayPal webhooks. Each test runs the
 * real services; a wrapped fetch makes the other party act at the worst moment (while a
 * call to PayPal or VirtFusion is in flight).
 */

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

const urlOf = (input: Parameters<typeof fetch>[0]) =>
  input instanceof Request ? input.url : input.toString()

/** Providers whose VirtFusion add-credit call runs `during` before it is sent. */
function virtfusionWithHook(during: () => Promise<void>): Providers {
  let fired = false
  return {
    paypal: getProviders().paypal,
    virtfusion: createVirtFusionClient({
      baseUrl: OFFLINE_VIRTFUSION_API_URL,
      token: 'offline-token',
      timeoutMs: 5000,
      fetch: async (input, init) => {
        if (!fired && urlOf(input).includes('/selfService/credit/byUserExtRelationId/')) {
          fired = true
          await during()
        }
        return fetch(input, init)
      },
    }),
  }
}

describe('a refund arrives while the token delivery call is in flight', () => {
  it('the delivery succeeds: the refund must still win (credit cancelled, top-up stays refunded)', async () => {
    await ensureVirtFusionLink(db, getProviders(), alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    const providers = virtfusionWithHook(async () => {
      const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!)
      const refunded = await postWebhook(JSON.stringify(event))
      expect(refunded.status).toBe(200)
      // Not "refunded" while the call that may create a credit is still out (ADR 013).
      expect((await topupById(topup.id)).status).toBe('review')
    })

    await deliverVirtFusionTokens(db, providers, topup.id)
    // Whatever the delivery reports, once the jobs have run the buyer, who got the money
    // back, must not keep the tokens.
    await cancelPendingVirtFusionCredits(db, getProviders())
    await runDueDeliveries(db, getProviders())
    await cancelPendingVirtFusionCredits(db, getProviders())

    expect(virtfusionFake.balance(alice.id)).toBe(0)
    expect((await topupById(topup.id)).status).toBe('refunded')
  })

  it('VirtFusion is unreachable: the refunded top-up must not be put back in the delivery queue', async () => {
    await ensureVirtFusionLink(db, getProviders(), alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    const providers = virtfusionWithHook(async () => {
      const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!)
      expect((await postWebhook(JSON.stringify(event))).status).toBe(200)
      virtfusionFake.setOutage(true)
    })

    expect(await deliverVirtFusionTokens(db, providers, topup.id)).toBe('retry')
    virtfusionFake.setOutage(false)
    expect((await topupById(topup.id)).status).toBe('refunded')

    await db.execute(
      sql`update topups set next_delivery_at = now() - interval '1 second' where id = ${topup.id}`,
    )
    await runDueDeliveries(db, getProviders())
    expect(virtfusionFake.credits(alice.id)).toHaveLength(0)
    expect((await topupById(topup.id)).status).toBe('refunded')
  })
})

describe('PayPal’s COMPLETED webhook overtakes the answer to our own capture call', () => {
  it('credits once, and the buyer who just paid is answered with success, not ALREADY_CAPTURED', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    let fired = false
    const paypal = createPayPalClient({
      baseUrl: PAYPAL_API_BASE,
      clientId: 'offline-client-id',
      clientSecret: 'offline-client-secret',
      webhookId: 'offline-webhook-id',
      timeoutMs: 5000,
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!fired && urlOf(input).endsWith(`/v2/checkout/orders/${orderId}/capture`)) {
          fired = true
          const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
          expect((await postWebhook(JSON.stringify(event))).data?.outcome).toBe('order credited')
        }
        return response
      },
    })
    const providers = { paypal, virtfusion: getProviders().virtfusion }

    let outcome: unknown
    try {
      outcome = await captureTopup(db, providers, {
        userId: alice.id,
        orderId,
        purpose: 'custom_credits',
      })
    } catch (error) {
      outcome = error
    }
    // Money: exactly once, whichever path got there first.
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
    expect((await topupById(topupId)).status).toBe('completed')
    // The answer: the buyer's payment went through, so the capture call should say so.
    expect(outcome).toMatchObject({ status: 'completed', topupId })
  })
})

describe('concurrent deliveries of the same webhook event', () => {
  it('five simultaneous deliveries of one refund: one compensating entry', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const body = JSON.stringify(
      paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!),
    )
    const results = await Promise.all(Array.from({ length: 5 }, () => postWebhook(body)))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const refunds = (await creditEntries(alice.id)).filter((e) => e.type === 'refund')
    expect(refunds).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(0)
  })

  it('a refund and a reversal of the same capture at once: one compensating entry', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const refund = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!)
    const reversal = paypalFake.webhookEvent('PAYMENT.CAPTURE.REVERSED', topup.paypalOrderId!)
    await Promise.all([postWebhook(JSON.stringify(refund)), postWebhook(JSON.stringify(reversal))])
    const compensations = (await creditEntries(alice.id)).filter((e) => e.amountCents < 0)
    expect(compensations).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(0)
  })
})
