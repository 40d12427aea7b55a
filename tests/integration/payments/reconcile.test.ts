import { sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { createTopupOrder } from '#server/services/payments/create-topup-order.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  captureIdOf,
  clearRateLimits,
  creditEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  TEST_SITE_ORIGIN,
  topupById,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * reconcileTopups: whatever PayPal captured but we never recorded (a crash between
 * PayPal's capture and our commit, a lost answer, a lost webhook) is credited exactly once.
 */

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

/** PayPal captures the order with our request id, but our process never sees the answer. */
async function capturedBehindOurBack(topupId: number, orderId: string) {
  const order = await getProviders().paypal.captureOrder(orderId, `capture-topup-${topupId}-0`)
  expect(order.status).toBe('COMPLETED')
}

async function age(topupId: number, column: 'claimed_at' | 'updated_at', minutes: number) {
  await db.execute(
    sql`update topups set ${sql.raw(column)} = now() - make_interval(mins => ${minutes}) where id = ${topupId}`,
  )
}

describe('reconcileTopups', () => {
  it('a capture claim abandoned mid-call (capturing, claimed 3 minutes ago) is credited exactly once', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    await capturedBehindOurBack(topupId, orderId)
    await db.execute(sql`update topups set status = 'capturing' where id = ${topupId}`)
    await age(topupId, 'claimed_at', 3)

    const report = await reconcileTopups(db, getProviders())
    expect(report).toMatchObject({ recaptured: 1, errors: 0 })
    const entries = await creditEntries(alice.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      type: 'purchase',
      amountCents: 2500,
      paymentReference: captureIdOf(orderId),
    })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed', claimedAt: null })
    // The same request id was replayed: PayPal captured once.
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])

    // Running again, and the buyer's late capture call, credit nothing more.
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ recaptured: 0, confirmed: 0 })
    const late = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(late.error?.code).toBe('ALREADY_CAPTURED')
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('a fresh capture claim (under two minutes) is left to the request that holds it', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    await capturedBehindOurBack(topupId, orderId)
    await db.execute(
      sql`update topups set status = 'capturing', claimed_at = now() where id = ${topupId}`,
    )
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ recaptured: 0 })
    expect((await topupById(topupId)).status).toBe('capturing')
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })

  it('an order PayPal captured while our record still says created (the answer was lost, the buyer left) is confirmed once', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 1999)
    await capturedBehindOurBack(topupId, orderId)
    await age(topupId, 'updated_at', 11)

    expect(await reconcileTopups(db, getProviders())).toMatchObject({ confirmed: 1, errors: 0 })
    expect(await balanceCents(alice.id)).toBe(1999)
    expect((await topupById(topupId)).status).toBe('completed')
    await age(topupId, 'updated_at', 11)
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ confirmed: 0 })
    expect(await creditEntries(alice.id)).toHaveLength(1)
  })

  it('a pending capture whose COMPLETED webhook never came is credited once PayPal completed it', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.capturePending(orderId)
    expect((await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })).data?.status).toBe(
      'pending',
    )

    // Still pending at PayPal: nothing to do yet.
    await age(topupId, 'updated_at', 11)
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ confirmed: 0 })
    expect((await topupById(topupId)).status).toBe('pending')

    paypalFake.completeCapture(orderId)
    await age(topupId, 'updated_at', 11)
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ confirmed: 1 })
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('a token top-up captured behind our back is captured, then delivered in the same run, once', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'virtfusion_tokens', 1000)
    await capturedBehindOurBack(topupId, orderId)
    await db.execute(sql`update topups set status = 'capturing' where id = ${topupId}`)
    await age(topupId, 'claimed_at', 3)

    const report = await reconcileTopups(db, getProviders())
    expect(report).toMatchObject({ recaptured: 1, deliveries: { delivered: 1 } })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed' })
    expect(virtfusionFake.credits(alice.id)).toEqual([
      expect.objectContaining({
        tokens: 1000,
        reference_1: topupId,
        reference_2: captureIdOf(orderId),
      }),
    ])
    expect(await reconcileTopups(db, getProviders())).toMatchObject({
      recaptured: 0,
      deliveries: { delivered: 0 },
    })
    expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
  })

  it('an abandoned claim on an order the buyer never approved goes back to created, uncredited', async () => {
    const { orderId, topupId } = await createTopupOrder(db, getProviders(), {
      userId: alice.id,
      purpose: 'custom_credits',
      amountCents: 2500,
      siteOrigin: TEST_SITE_ORIGIN,
    })
    await db.execute(sql`update topups set status = 'capturing' where id = ${topupId}`)
    await age(topupId, 'claimed_at', 3)

    const report = await reconcileTopups(db, getProviders())
    expect(report).toMatchObject({ recaptured: 0, releasedClaims: 1, errors: 0 })
    expect(await topupById(topupId)).toMatchObject({ status: 'created', claimedAt: null })
    expect(paypalFake.order(orderId)?.capture).toBeNull()
    expect(await creditEntries(alice.id)).toHaveLength(0)

    // The buyer comes back, approves, and completes the checkout normally.
    paypalFake.approve(orderId)
    const done = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
    expect(done.data?.status).toBe('completed')
    expect(await balanceCents(alice.id)).toBe(2500)
  })
})
