import { eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import {
  apiCaptureOrder,
  apiCaptureOrderRaw,
  apiCreateOrder,
  apiCreateOrderRaw,
  balanceCents,
  captureIdOf,
  clearRateLimits,
  creditEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupByOrder,
  topupCount,
  type Via,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * Custom-credit top-ups end to end over both adapters (tRPC and REST), against the real
 * database and the PayPal fake. Proves defects D1 (forgeable verification), D2 (replay,
 * redemption by another user) and D3 (APPROVED accepted as paid, client-chosen amount)
 * of the original are gone.
 */

const VIAS: Via[] = ['trpc', 'rest']

let alice: TestUser
let bob: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
  bob = await createTestUser({ name: 'Bob' })
})

async function createApproved(via: Via, user: TestUser, amount = '25.00') {
  const created = await apiCreateOrder(via, user, 'custom_credits', { amount })
  expect(created.error).toBeNull()
  const orderId = created.data!.orderId
  paypalFake.approve(orderId)
  return orderId
}

describe.each(VIAS)('custom credits over %s', (via) => {
  it('create → approve → capture credits the order amount once, keyed by the capture id', async () => {
    const created = await apiCreateOrder(via, alice, 'custom_credits', { amount: '25.00' })
    expect(created.status).toBe(200)
    const { orderId } = created.data!
    // The server created the PayPal order for the validated amount, with our id as custom_id.
    const order = paypalFake.order(orderId)!
    const topup = await topupByOrder(orderId)
    expect(order.unit.amount).toEqual({ currency_code: 'USD', value: '25.00' })
    expect(order.unit.custom_id).toBe(String(topup.id))
    expect(topup).toMatchObject({ userId: alice.id, status: 'created', amountCents: 2500 })

    paypalFake.approve(orderId)
    const captured = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
    expect(captured.error).toBeNull()
    expect(captured.data).toMatchObject({
      topupId: topup.id,
      purpose: 'custom_credits',
      status: 'completed',
      amount: { cents: 2500, formatted: '$25.00' },
      balance: { cents: 2500, formatted: '$25.00' },
    })

    const captureId = captureIdOf(orderId)
    const entries = await creditEntries(alice.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      type: 'purchase',
      amountCents: 2500,
      balanceBeforeCents: 0,
      balanceAfterCents: 2500,
      paymentMethod: 'paypal',
      paymentReference: captureId,
    })
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(await topupByOrder(orderId)).toMatchObject({
      status: 'completed',
      paypalCaptureId: captureId,
      creditEntryId: entries[0]!.id,
    })
  })

  it('an order the buyer never approved: 409 PAYMENT_NOT_APPROVED, nothing credited, capture works after approval', async () => {
    const created = await apiCreateOrder(via, alice, 'custom_credits', { amount: '25.00' })
    const { orderId } = created.data!

    const early = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
    expect(early.status).toBe(409)
    expect(early.error?.code).toBe('PAYMENT_NOT_APPROVED')
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await balanceCents(alice.id)).toBe(0)
    expect(await topupByOrder(orderId)).toMatchObject({ status: 'created', claimedAt: null })
    expect(paypalFake.order(orderId)?.capture).toBeNull()

    paypalFake.approve(orderId)
    const later = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
    expect(later.data?.status).toBe('completed')
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(await creditEntries(alice.id)).toHaveLength(1)
  })

  it("another user's order is 404 and credits nobody; so is a credits order on the tokens route", async () => {
    const orderId = await createApproved(via, alice)

    const stolen = await apiCaptureOrder(via, bob, 'custom_credits', { orderId })
    expect(stolen.status).toBe(404)
    expect(stolen.error?.code).toBe('NOT_FOUND')

    const wrongPurpose = await apiCaptureOrder(via, alice, 'virtfusion_tokens', { orderId })
    expect(wrongPurpose.status).toBe(404)
    expect(wrongPurpose.error?.code).toBe('NOT_FOUND')

    // Neither attempt touched PayPal or the record.
    expect(paypalFake.order(orderId)?.capture).toBeNull()
    expect(await topupByOrder(orderId)).toMatchObject({ status: 'created' })
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await creditEntries(bob.id)).toHaveLength(0)

    // The owner can still complete it.
    const owner = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
    expect(owner.data?.status).toBe('completed')
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(await balanceCents(bob.id)).toBe(0)
  })

  it('replaying a captured order: 409 ALREADY_CAPTURED for the owner, 404 for anyone else, nothing more credited', async () => {
    const orderId = await createApproved(via, alice)
    expect((await apiCaptureOrder(via, alice, 'custom_credits', { orderId })).status).toBe(200)

    for (let i = 0; i < 3; i++) {
      const replay = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(replay.status).toBe(409)
      expect(replay.error?.code).toBe('ALREADY_CAPTURED')
      expect(replay.error?.details).toMatchObject({ status: 'completed' })
    }
    const other = await apiCaptureOrder(via, bob, 'custom_credits', { orderId })
    expect(other.status).toBe(404)

    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(await creditEntries(bob.id)).toHaveLength(0)
  })

  it('ignores forged amount, status and "verification" fields in the capture body', async () => {
    const orderId = await createApproved(via, alice, '5.00')
    const forged = await apiCaptureOrder(via, alice, 'custom_credits', {
      orderId,
      amount: 1000,
      amountCents: 100000,
      verificationData: { verified: true, amount: 1000, status: 'COMPLETED' },
      status: 'COMPLETED',
      userId: bob.id,
    })
    expect(forged.error).toBeNull()
    expect(forged.data).toMatchObject({ status: 'completed', amount: { cents: 500 } })
    const entries = await creditEntries(alice.id)
    expect(entries.map((e) => e.amountCents)).toEqual([500])
    expect(await balanceCents(alice.id)).toBe(500)
    expect(await balanceCents(bob.id)).toBe(0)
    // Nothing from the body reached the journal's metadata either.
    expect(JSON.stringify(entries[0]!.metadata)).not.toContain('verif')
  })

  it.each([
    ['below the minimum (number)', '0.99'],
    ['below the minimum (string)', '"0.99"'],
    ['zero', '0'],
    ['above the maximum (number)', '1000.01'],
    ['above the maximum (string)', '"1000.01"'],
    ['three decimals (number)', '10.001'],
    ['three decimals (string)', '"10.001"'],
    ['an exponent (number)', '1e3'],
    ['an exponent (string)', '"1e1"'],
    ['negative (number)', '-5'],
    ['negative (string)', '"-5.00"'],
    ['not a number', '"ten dollars"'],
    ['null', 'null'],
    ['a boolean', 'true'],
  ])('create with an amount %s (%s): 400 naming `amount`, no top-up row', async (_label, text) => {
    const response = await apiCreateOrderRaw(via, alice, 'custom_credits', `{"amount":${text}}`)
    expect(response.status).toBe(400)
    expect(response.error?.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(response.error?.fields ?? {})).toContain('amount')
    expect(await topupCount(alice.id)).toBe(0)
    expect(paypalFake.orders()).toHaveLength(0)
  })

  it('create without an amount, or a capture without a valid order id: 400', async () => {
    const noAmount = await apiCreateOrderRaw(via, alice, 'custom_credits', '{}')
    expect(noAmount.status).toBe(400)
    expect(Object.keys(noAmount.error?.fields ?? {})).toContain('amount')
    for (const body of ['{}', '{"orderId":""}', '{"orderId":"../../x"}', '{"orderId":12}']) {
      const capture = await apiCaptureOrderRaw(via, alice, 'custom_credits', body)
      expect(capture.status, body).toBe(400)
      expect(Object.keys(capture.error?.fields ?? {}), body).toContain('orderId')
    }
    expect(await topupCount(alice.id)).toBe(0)
  })

  it('accepts the limits themselves ($1.00 and $1000.00) and trailing zeros', async () => {
    for (const amount of ['1.00', '1000.00', '12.500']) {
      const created = await apiCreateOrder(via, alice, 'custom_credits', { amount })
      expect(created.status, amount).toBe(200)
    }
    const cents = paypalFake.orders().map((o) => o.unit.amount.value)
    expect(cents).toEqual(['1.00', '1000.00', '12.50'])
  })
})

describe('PayPal fails while creating the order', () => {
  it.each(['server_error', 'network'] as const)(
    '%s: 502 UPSTREAM_UNAVAILABLE, the top-up is marked failed, nothing to capture',
    async (mode) => {
      paypalFake.failNext('create', mode)
      const created = await apiCreateOrder('trpc', alice, 'custom_credits', { amount: '25.00' })
      expect(created.status).toBe(502)
      expect(created.error?.code).toBe('UPSTREAM_UNAVAILABLE')
      const [topup] = await db.select().from(topups).where(eq(topups.userId, alice.id))
      expect(topup).toMatchObject({ status: 'failed', paypalOrderId: null })
      expect(await creditEntries(alice.id)).toHaveLength(0)
      // The next checkout works.
      expect(
        (await apiCreateOrder('rest', alice, 'custom_credits', { amount: '25.00' })).status,
      ).toBe(200)
    },
  )
})

describe('a failed capture leaves nothing behind', () => {
  it('an order id PayPal does not know: no credit, 404-class answer, no top-up touched', async () => {
    const response = await apiCaptureOrder('trpc', alice, 'custom_credits', {
      orderId: 'ORDER-UNKNOWN-1',
    })
    expect(response.status).toBe(404)
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })
})
