import { count, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { paypalWebhookEvents } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  capturedTopup,
  captureIdOf,
  clearRateLimits,
  creditEntries,
  postWebhook,
  purchaseTokenEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  tokenEntries,
  topupById,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * POST /api/paypal/webhook: PayPal's word on captures that complete later, are refunded or
 * reversed. Verified through PayPal's verify API before anything is stored; each event
 * processed once; compensation exactly once per capture.
 */

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

async function storedEvents(): Promise<number> {
  const [row] = await db.select({ n: count() }).from(paypalWebhookEvents)
  return row?.n ?? 0
}

/** A custom-credit top-up captured as PENDING at PayPal. */
async function pendingCreditsOrder(amountCents: number) {
  const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', amountCents)
  paypalFake.capturePending(orderId)
  const result = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
  expect(result.data?.status).toBe('pending')
  return { orderId, topupId }
}

function orderOf(topup: { paypalOrderId: string | null }): string {
  return topup.paypalOrderId!
}

describe('a pending capture completed by webhook', () => {
  it('PAYMENT.CAPTURE.COMPLETED credits a pending credits top-up once', async () => {
    const { orderId, topupId } = await pendingCreditsOrder(2500)
    expect(await creditEntries(alice.id)).toHaveLength(0)

    paypalFake.completeCapture(orderId)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const result = await postWebhook(JSON.stringify(event))
    expect(result.status).toBe(200)
    expect(result.data).toEqual({ eventId: event.id, outcome: 'order credited', duplicate: false })

    const entries = await creditEntries(alice.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      type: 'purchase',
      amountCents: 2500,
      paymentReference: captureIdOf(orderId),
    })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed' })

    // The buyer's late capture call and a second COMPLETED event credit nothing more.
    const late = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
    expect(late.error?.code).toBe('ALREADY_CAPTURED')
    const second = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    expect((await postWebhook(JSON.stringify(second))).data?.outcome).toBe('order already')
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('PAYMENT.CAPTURE.COMPLETED for a pending token top-up queues the delivery', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'virtfusion_tokens', 1000)
    paypalFake.capturePending(orderId)
    expect(
      (await apiCaptureOrder('trpc', alice, 'virtfusion_tokens', { orderId })).data?.status,
    ).toBe('pending')
    expect(await purchaseTokenEntries(topupId)).toHaveLength(0)

    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    expect((await postWebhook(JSON.stringify(event))).data?.outcome).toBe('order captured')
    expect((await topupById(topupId)).status).toBe('captured')
    expect(await runDueDeliveries(db, getProviders())).toMatchObject({ delivered: 1 })
    expect(virtfusionFake.balance(alice.id)).toBe(1000)
  })

  it('PAYMENT.CAPTURE.DENIED for a pending top-up: failed, nothing credited', async () => {
    const { orderId, topupId } = await pendingCreditsOrder(2500)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.DENIED', orderId)
    expect((await postWebhook(JSON.stringify(event))).data?.outcome).toBe('order declined')
    expect(await topupById(topupId)).toMatchObject({ status: 'failed' })
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })

  it('an event for an order that is not ours is stored and ignored', async () => {
    const { orderId, topupId } = await pendingCreditsOrder(2500)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    // Rewrite the order id to one we never created (the fake still verifies the signature).
    const foreign = {
      ...event,
      resource: { ...event.resource, supplementary_data: { related_ids: { order_id: 'ORDER-X' } } },
    }
    const result = await postWebhook(JSON.stringify(foreign))
    expect(result.status).toBe(200)
    expect(result.data?.outcome).toMatch(/^ignored/)
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect((await topupById(topupId)).status).toBe('pending')
  })
})

describe('refunds and reversals', () => {
  it('a refund of a completed credits top-up posts -amount once, even into a negative balance', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    expect(topup.status).toBe('completed')
    // The buyer spends most of it before refunding at PayPal.
    await db.transaction((tx) =>
      spendCredits(tx, {
        userId: alice.id,
        type: 'service_purchase',
        amountCents: 2000,
        description: 'DNS plan',
      }),
    )
    expect(await balanceCents(alice.id)).toBe(500)

    const orderId = orderOf(topup)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderId)
    const result = await postWebhook(JSON.stringify(event))
    expect(result.status).toBe(200)
    expect(result.data?.outcome).toBe('compensation compensated')

    const refunds = (await creditEntries(alice.id)).filter((e) => e.type === 'refund')
    expect(refunds).toHaveLength(1)
    expect(refunds[0]).toMatchObject({
      amountCents: -2500,
      balanceBeforeCents: 500,
      balanceAfterCents: -2000,
      // Keyed by the refund id, so several partial refunds of one capture each count once.
      paymentReference: expect.stringMatching(/^refund:REFUND-/),
    })
    expect(await getCreditBalance(db, alice.id)).toEqual({
      balance: { cents: -2000, formatted: '-$20.00' },
      owed: true,
    })
    expect(await topupById(topup.id)).toMatchObject({ status: 'refunded' })
  })

  it('a reversal (chargeback) of a completed credits top-up: chargeback entry, reversed', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 1500)
    const orderId = orderOf(topup)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REVERSED', orderId)
    expect((await postWebhook(JSON.stringify(event))).status).toBe(200)

    const entries = await creditEntries(alice.id)
    expect(entries.map((e) => [e.type, e.amountCents])).toEqual([
      ['purchase', 1500],
      ['chargeback', -1500],
    ])
    expect(entries[1]!.paymentReference).toMatch(/^chargeback:REFUND-/)
    expect(await balanceCents(alice.id)).toBe(0)
    expect(await topupById(topup.id)).toMatchObject({ status: 'reversed' })

    // A later refund event for the same capture compensates nothing more.
    const refund = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderId)
    expect((await postWebhook(JSON.stringify(refund))).data?.outcome).toBe('compensation already')
    expect(await creditEntries(alice.id)).toHaveLength(2)
    expect(await balanceCents(alice.id)).toBe(0)
  })

  it('a refund of a delivered token top-up cancels the VirtFusion credit and records a negative entry', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    const delivered = await topupById(topup.id)
    expect(virtfusionFake.balance(alice.id)).toBe(1000)

    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderOf(topup))
    expect((await postWebhook(JSON.stringify(event))).status).toBe(200)
    expect(await topupById(topup.id)).toMatchObject({ status: 'refunded' })
    const negative = (await tokenEntries(alice.id)).filter((e) => e.tokens < 0)
    expect(negative).toEqual([
      expect.objectContaining({
        type: 'refund',
        tokens: -1000,
        status: 'pending',
        topupId: topup.id,
        virtfusionCreditId: delivered.virtfusionCreditId,
      }),
    ])
    // The job has not run yet: the credit is still live at VirtFusion.
    expect(virtfusionFake.balance(alice.id)).toBe(1000)

    expect(await cancelPendingVirtFusionCredits(db, getProviders())).toEqual({
      cancelled: 1,
      failed: 0,
    })
    expect(virtfusionFake.credits(alice.id)).toEqual([
      expect.objectContaining({ id: delivered.virtfusionCreditId, cancelled: true }),
    ])
    expect(virtfusionFake.balance(alice.id)).toBe(0)
    expect((await tokenEntries(alice.id)).find((e) => e.tokens < 0)?.status).toBe('delivered')
    // Running the job again changes nothing.
    expect(await cancelPendingVirtFusionCredits(db, getProviders())).toEqual({
      cancelled: 0,
      failed: 0,
    })
  })

  it('a cancellation that cannot reach VirtFusion stays pending and succeeds on the next run', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REVERSED', orderOf(topup))
    const result = await postWebhook(JSON.stringify(event))
    expect(result.error).toBeNull()
    expect(await topupById(topup.id)).toMatchObject({ status: 'reversed' })

    virtfusionFake.setOutage(true)
    expect(await cancelPendingVirtFusionCredits(db, getProviders())).toEqual({
      cancelled: 0,
      failed: 1,
    })
    virtfusionFake.setOutage(false)
    expect(await cancelPendingVirtFusionCredits(db, getProviders())).toEqual({
      cancelled: 1,
      failed: 0,
    })
    expect(virtfusionFake.balance(alice.id)).toBe(0)
    const entries = await tokenEntries(alice.id)
    expect(entries.map((e) => [e.type, e.tokens, e.status])).toEqual([
      ['purchase', 1000, 'delivered'],
      ['chargeback', -1000, 'delivered'],
    ])
  })

  it('a refund of a token top-up not delivered yet: the delivery never happens', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(topup.status).toBe('captured')
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderOf(topup))
    expect((await postWebhook(JSON.stringify(event))).status).toBe(200)

    expect(await topupById(topup.id)).toMatchObject({ status: 'refunded' })
    expect((await purchaseTokenEntries(topup.id))[0]!.status).toBe('cancelled')
    expect(await runDueDeliveries(db, getProviders())).toMatchObject({ delivered: 0 })
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('noop')
    expect(virtfusionFake.credits(alice.id)).toHaveLength(0)
  })

  it('two partial refunds of one capture are both compensated (total -amount)', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const orderId = orderOf(topup)
    const partial = (id: string, value: string) => {
      const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderId)
      return {
        ...event,
        resource: { ...event.resource, id, amount: { currency_code: 'USD', value } },
      }
    }
    const first = await postWebhook(JSON.stringify(partial('REFUND-PART-1', '10.00')))
    expect(first.status).toBe(200)
    expect(await balanceCents(alice.id)).toBe(1500)

    const second = await postWebhook(JSON.stringify(partial('REFUND-PART-2', '15.00')))
    expect(second.status).toBe(200)
    // PayPal gave the buyer all $25.00 back in two refunds: the credits must all go.
    const compensations = (await creditEntries(alice.id)).filter((e) => e.amountCents < 0)
    expect(compensations.reduce((sum, e) => sum + e.amountCents, 0)).toBe(-2500)
    expect(await balanceCents(alice.id)).toBe(0)
  })
})

describe('processing failures', () => {
  it('PayPal unreachable while processing an event: 502 to PayPal, and its redelivery is processed', async () => {
    const { orderId, topupId } = await pendingCreditsOrder(2500)
    paypalFake.completeCapture(orderId)
    const body = JSON.stringify(paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId))
    paypalFake.failNext('get', 'server_error')

    const failed = await postWebhook(body)
    expect(failed.status).toBe(502)
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect((await topupById(topupId)).status).toBe('pending')

    const redelivered = await postWebhook(body)
    expect(redelivered.status).toBe(200)
    expect(redelivered.data).toMatchObject({ duplicate: false, outcome: 'order credited' })
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })
})

describe('webhook authenticity and idempotency', () => {
  it('a replayed event id is a no-op (duplicate: true) with one compensating entry', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderOf(topup))
    const body = JSON.stringify(event)

    const first = await postWebhook(body)
    expect(first.data).toMatchObject({ eventId: event.id, duplicate: false })
    const second = await postWebhook(body)
    expect(second.status).toBe(200)
    expect(second.data).toMatchObject({
      eventId: event.id,
      duplicate: true,
      outcome: first.data!.outcome,
    })

    const refunds = (await creditEntries(alice.id)).filter((e) => e.type === 'refund')
    expect(refunds).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(0)
    const stored = await db
      .select()
      .from(paypalWebhookEvents)
      .where(eq(paypalWebhookEvents.id, event.id))
    expect(stored).toHaveLength(1)
    expect(stored[0]!.processedAt).not.toBeNull()
  })

  it('a bad signature: 400, nothing stored, no ledger change', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const before = await storedEvents()
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderOf(topup))

    const forged = await postWebhook(JSON.stringify(event), paypalFake.webhookHeaders(false))
    expect(forged.status).toBe(400)
    expect(forged.error?.code).toBe('VALIDATION_FAILED')

    const { 'PAYPAL-TRANSMISSION-SIG': _sig, ...unsigned } = paypalFake.webhookHeaders(true)
    expect((await postWebhook(JSON.stringify(event), unsigned)).status).toBe(400)
    expect((await postWebhook(JSON.stringify(event), {})).status).toBe(400)

    expect(await storedEvents()).toBe(before)
    const rows = await db
      .select()
      .from(paypalWebhookEvents)
      .where(eq(paypalWebhookEvents.id, event.id))
    expect(rows).toHaveLength(0)
    expect((await creditEntries(alice.id)).map((e) => e.type)).toEqual(['purchase'])
    expect(await balanceCents(alice.id)).toBe(2500)
    expect((await topupById(topup.id)).status).toBe('completed')
  })

  it.each([
    ['not JSON', 'this is not json'],
    ['empty', ''],
    ['a JSON array', '[]'],
    ['JSON without an event id', '{"event_type":"PAYMENT.CAPTURE.REFUNDED","resource":{}}'],
    ['JSON without a resource', '{"id":"WH-1","event_type":"PAYMENT.CAPTURE.REFUNDED"}'],
    ['a truncated event', '{"id":"WH-2","event_type":"PAYMENT.CA'],
  ])('a malformed body (%s): 400, nothing stored', async (_label, body) => {
    const before = await storedEvents()
    const result = await postWebhook(body)
    expect(result.status).toBe(400)
    expect(await storedEvents()).toBe(before)
  })
})
