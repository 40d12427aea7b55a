import { eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  capturedTopup,
  clearRateLimits,
  creditEntries,
  purchaseTokenEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
  type Via,
} from '#tests/helpers/payments.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * PayPal and VirtFusion that do not answer in time, seen through the real HTTP adapters
 * (this file runs the app's own providers with 1 s timeouts, the smallest the env allows):
 * the buyer gets a retryable 502, the payment is credited exactly once by whichever of
 * retry and reconciliation comes first, and a delivery whose outcome is unknown goes to
 * review: never repeated automatically, never lost.
 */

vi.hoisted(() => {
  process.env.PAYPAL_TIMEOUT_MS = '1000'
  process.env.VIRTFUSION_TIMEOUT_MS = '1000'
})

let admin: TestUser
let buyer: TestUser

beforeAll(() => {
  resetVirtFusionFake()
  expect(env.PAYPAL_TIMEOUT_MS).toBe(1000)
  expect(env.VIRTFUSION_TIMEOUT_MS).toBe(1000)
})

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Timeout Admin' })
  buyer = await createTestUser({ name: 'Timeout Buyer' })
})

/** Reconciliation looks at records untouched for 10 minutes: make this one that old. */
async function age(topupId: number, minutes = 11) {
  await db
    .update(topups)
    .set({ updatedAt: sql`now() - make_interval(mins => ${minutes})` })
    .where(eq(topups.id, topupId))
}

/** PayPal takes the money, the answer never arrives: what the buyer sees. */
async function captureLost(via: Via, orderId: string) {
  paypalFake.failNext('capture', 'timeout', { applied: true })
  const started = Date.now()
  const result = await apiCaptureOrder(via, buyer, 'custom_credits', { orderId })
  const elapsed = Date.now() - started
  expect(result.status, JSON.stringify(result.error)).toBe(502)
  expect(result.error?.code).toBe('UPSTREAM_UNAVAILABLE')
  // Retryable: never "start a new checkout" (the buyer would pay twice).
  expect(result.error?.details?.restart).toBeUndefined()
  expect(result.error?.message).not.toMatch(/abort|timeout|fetch|undici/i)
  expect(elapsed).toBeLessThan(5000)
  expect(paypalFake.order(orderId)?.capture?.status).toBe('COMPLETED')
  expect(await creditEntries(buyer.id)).toHaveLength(0)
  return result
}

describe('PayPal captures, but the answer times out', () => {
  it.each<Via>(['rest', 'trpc'])(
    'over %s: 502 UPSTREAM_UNAVAILABLE; reconciliation credits exactly once; the buyer’s retry then gets 409 and nothing more',
    async (via) => {
      const { orderId, topupId } = await approvedOrder(buyer.id, 'custom_credits', 2500)
      await captureLost(via, orderId)
      expect((await topupById(topupId)).status).toBe('created')

      // A fresh record is left to the buyer's retry: reconciliation does not touch it yet.
      const early = await reconcileTopups(db, getProviders())
      expect(early.confirmed).toBe(0)
      expect(await creditEntries(buyer.id)).toHaveLength(0)

      await age(topupId)
      expect((await reconcileTopups(db, getProviders())).confirmed).toBe(1)
      expect((await reconcileTopups(db, getProviders())).confirmed).toBe(0)
      expect(await creditEntries(buyer.id)).toHaveLength(1)
      expect(await balanceCents(buyer.id)).toBe(2500)
      expect((await topupById(topupId)).status).toBe('completed')

      const retry = await apiCaptureOrder(via, buyer, 'custom_credits', { orderId })
      expect(retry.status).toBe(409)
      expect(retry.error?.code).toBe('ALREADY_CAPTURED')
      expect(await creditEntries(buyer.id)).toHaveLength(1)
      expect(await balanceCents(buyer.id)).toBe(2500)
      expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
    },
  )

  it('the buyer’s retry credits once (same PayPal-Request-Id, replayed); a later reconciliation adds nothing', async () => {
    const { orderId, topupId } = await approvedOrder(buyer.id, 'custom_credits', 1800)
    await captureLost('rest', orderId)
    const retry = await apiCaptureOrder('rest', buyer, 'custom_credits', { orderId })
    expect(retry.status).toBe(200)
    expect(retry.data?.status).toBe('completed')
    await age(topupId)
    expect((await reconcileTopups(db, getProviders())).confirmed).toBe(0)
    expect(await creditEntries(buyer.id)).toHaveLength(1)
    expect(await balanceCents(buyer.id)).toBe(1800)
  })

  it('the retry and reconciliation racing each other: one credit', async () => {
    const { orderId, topupId } = await approvedOrder(buyer.id, 'custom_credits', 1300)
    await captureLost('trpc', orderId)
    await age(topupId)
    const [retry, report] = await Promise.all([
      apiCaptureOrder('trpc', buyer, 'custom_credits', { orderId }),
      reconcileTopups(db, getProviders()),
    ])
    expect([200, 409]).toContain(retry.status)
    expect(report.errors).toBe(0)
    expect(await creditEntries(buyer.id)).toHaveLength(1)
    expect(await balanceCents(buyer.id)).toBe(1300)
    expect((await verifyLedger(db)).problems).toEqual([])
  })

  it('PayPal also times out while reconciliation asks about the order: counted as an error, nothing credited; the next run credits once', async () => {
    const { orderId, topupId } = await approvedOrder(buyer.id, 'custom_credits', 900)
    await captureLost('rest', orderId)
    await age(topupId)
    paypalFake.failNext('get', 'timeout')
    const failed = await reconcileTopups(db, getProviders())
    expect(failed.errors).toBeGreaterThanOrEqual(1)
    expect(await creditEntries(buyer.id)).toHaveLength(0)
    await age(topupId)
    expect((await reconcileTopups(db, getProviders())).confirmed).toBe(1)
    expect(await creditEntries(buyer.id)).toHaveLength(1)
    expect(await balanceCents(buyer.id)).toBe(900)
  })

  it('a token top-up whose capture answer was lost: reconciliation captures and delivers it once', async () => {
    await ensureVirtFusionLink(db, getProviders(), buyer.id)
    const { orderId, topupId } = await approvedOrder(buyer.id, 'virtfusion_tokens', 700)
    paypalFake.failNext('capture', 'timeout', { applied: true })
    const lost = await apiCaptureOrder('rest', buyer, 'virtfusion_tokens', { orderId })
    expect(lost.status).toBe(502)
    await age(topupId)
    const report = await reconcileTopups(db, getProviders())
    expect(report.confirmed).toBe(1)
    expect(report.deliveries.delivered).toBe(1)
    await reconcileTopups(db, getProviders())
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(1)
    expect(virtfusionFake.balance(buyer.id)).toBe(700)
    expect((await topupById(topupId)).status).toBe('completed')
  })
})

describe('VirtFusion does not answer a delivery in time', () => {
  it('→ review: the sweep and reconciliation never send it again, nothing is lost, admins see it', async () => {
    await ensureVirtFusionLink(db, getProviders(), buyer.id)
    const topup = await capturedTopup(buyer.id, 'virtfusion_tokens', 1200)
    virtfusionFake.timeoutNext()
    const started = Date.now()
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('review')
    expect(Date.now() - started).toBeLessThan(5000)
    // VirtFusion applied it; we cannot know, so a human decides.
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(1)

    for (let i = 0; i < 3; i++) {
      await runDueDeliveries(db, getProviders())
      await reconcileTopups(db, getProviders())
    }
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(1)

    const after = await topupById(topup.id)
    expect(after.status).toBe('review')
    expect(after.lastDeliveryError).toContain(`reference ${topup.id}`)
    const [purchase] = await purchaseTokenEntries(topup.id)
    expect(purchase).toMatchObject({ status: 'review', tokens: 1200 })

    const list = await trpcData<{ items: { id: number; status: string }[] }>(
      await trpcQuery('admin.payments.list', {}, admin.cookie),
    )
    expect(list.items).toContainEqual(expect.objectContaining({ id: topup.id, status: 'review' }))
  })

  it('the delivery sweep meeting a timeout also parks it in review, once', async () => {
    await ensureVirtFusionLink(db, getProviders(), buyer.id)
    const topup = await capturedTopup(buyer.id, 'virtfusion_tokens', 400)
    virtfusionFake.timeoutNext()
    const first = await runDueDeliveries(db, getProviders())
    expect(first.review).toBeGreaterThanOrEqual(1)
    expect((await topupById(topup.id)).status).toBe('review')
    const second = await runDueDeliveries(db, getProviders())
    expect(second.delivered).toBe(0)
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(1)
  })

  it('VirtFusion unreachable (nothing sent): retried later with backoff and delivered exactly once', async () => {
    await ensureVirtFusionLink(db, getProviders(), buyer.id)
    const topup = await capturedTopup(buyer.id, 'virtfusion_tokens', 650)
    virtfusionFake.setOutage(true)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('retry')
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(0)
    expect((await topupById(topup.id)).status).toBe('captured')
    virtfusionFake.setOutage(false)
    await db
      .update(topups)
      .set({ nextDeliveryAt: sql`now()` })
      .where(eq(topups.id, topup.id))
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('noop')
    expect(virtfusionFake.credits(buyer.id)).toHaveLength(1)
    expect(virtfusionFake.balance(buyer.id)).toBe(650)
  })
})
