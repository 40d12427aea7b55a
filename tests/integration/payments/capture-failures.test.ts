import { sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { isAppError, type AppError } from '#server/errors.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { finishTopup } from '#server/services/payments/topup-checkout.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  captureIdOf,
  clearRateLimits,
  creditEntries,
  expectAppError,
  providersWithTimeouts,
  readTrpc,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
  type Via,
} from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * What goes wrong between our capture request and PayPal's answer: races, mismatched
 * answers, PayPal errors and timeouts, declines. The invariant in every case: money is
 * credited exactly once, and only for what PayPal actually captured for this record.
 */

let admin: TestUser
let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Payments Admin' })
  alice = await createTestUser({ name: 'Alice' })
})

const CONFLICT_CODES = ['ALREADY_CAPTURED', 'CAPTURE_IN_PROGRESS']

describe('concurrent captures of one approved order', () => {
  it('20 tRPC captures at once: one 200, every other a 409 (ALREADY_CAPTURED or CAPTURE_IN_PROGRESS), one credit', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        trpcMutation('customCredits.captureOrder', { orderId }, { cookie: alice.cookie }),
      ),
    )
    const results = await Promise.all(responses.map((r) => readTrpc(r)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    for (const result of results.filter((r) => r.status !== 200)) {
      expect(CONFLICT_CODES).toContain(result.error?.code)
    }

    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(await topupById(topupId)).toMatchObject({ status: 'completed' })
    // PayPal saw one capture only.
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
  })

  it('20 service calls at once: exactly one succeeds, the rest are 409-class AppErrors, none a 500', async () => {
    const { orderId } = await approvedOrder(alice.id, 'custom_credits', 1234)
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        captureTopup(db, getProviders(), { userId: alice.id, orderId, purpose: 'custom_credits' }),
      ),
    )
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled')
    const rejected = outcomes.filter((o) => o.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    for (const outcome of rejected) {
      const reason: unknown = outcome.reason
      expect(isAppError(reason), String(reason)).toBe(true)
      const error = reason as AppError
      expect(CONFLICT_CODES).toContain(error.code)
      expect(error.httpStatus).toBe(409)
    }
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(1234)
  })
})

describe('PayPal answers something other than what we asked for', () => {
  it.each([
    ['a different amount', { value: '24.00' }, 'amount $24.00 is not $25.00'],
    ['a different currency', { currency: 'EUR' }, 'currency EUR is not USD'],
  ])(
    '%s: 422 PAYMENT_VERIFICATION_FAILED, no credit, flagged with the mismatch and listed for admins',
    async (_label, override, reason) => {
      const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
      paypalFake.overrideCapturedAmount(orderId, override)

      const result = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
      expect(result.status).toBe(422)
      expect(result.error?.code).toBe('PAYMENT_VERIFICATION_FAILED')
      expect(await creditEntries(alice.id)).toHaveLength(0)
      expect(await balanceCents(alice.id)).toBe(0)

      const topup = await topupById(topupId)
      expect(topup.status).toBe('flagged')
      expect(topup.failureReason).toContain(reason)
      expect(topup.paypalCaptureId).toBe(captureIdOf(orderId))

      const list = await trpcData<{
        items: { id: number; status: string; failureReason: string | null }[]
      }>(await trpcQuery('admin.payments.list', {}, admin.cookie))
      expect(list.items).toContainEqual(
        expect.objectContaining({
          id: topupId,
          status: 'flagged',
          failureReason: topup.failureReason,
        }),
      )

      // A replay does not turn the flag into a credit.
      const replay = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
      expect(replay.status).toBe(422)
      expect(await creditEntries(alice.id)).toHaveLength(0)
    },
  )
})

describe('PayPal fails during the capture', () => {
  it.each<Via>(['trpc', 'rest'])(
    'a 5xx from PayPal (over %s): 502 UPSTREAM_UNAVAILABLE, nothing credited, back to created; the retry credits once',
    async (via) => {
      const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
      paypalFake.failNext('capture', 'server_error')

      const failed = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(failed.status).toBe(502)
      expect(failed.error?.code).toBe('UPSTREAM_UNAVAILABLE')
      expect(failed.error?.details?.restart).toBeUndefined()
      expect(await creditEntries(alice.id)).toHaveLength(0)
      // A transient failure is not a decline: the same PayPal-Request-Id is reused on retry.
      expect(await topupById(topupId)).toMatchObject({ status: 'created', captureAttempt: 0 })

      const retry = await apiCaptureOrder(via, alice, 'custom_credits', { orderId })
      expect(retry.data?.status).toBe('completed')
      expect(await creditEntries(alice.id)).toHaveLength(1)
      expect(await balanceCents(alice.id)).toBe(2500)
    },
  )

  it('a 5xx from PayPal, at the service: an UPSTREAM_UNAVAILABLE AppError (not a decline)', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.failNext('capture', 'server_error')
    await expectAppError(
      captureTopup(db, getProviders(), { userId: alice.id, orderId, purpose: 'custom_credits' }),
      'UPSTREAM_UNAVAILABLE',
    )
    expect(await topupById(topupId)).toMatchObject({ status: 'created', captureAttempt: 0 })
  })

  it('a 5xx after PayPal applied the capture: the buyer is not told to restart; the retry credits once', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.failNext('capture', 'server_error', { applied: true })

    const failed = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    // The money is taken at PayPal: "declined, start a new checkout" would make the buyer pay twice.
    expect(failed.error?.code).toBe('UPSTREAM_UNAVAILABLE')
    expect(failed.error?.details?.restart).toBeUndefined()
    expect(await creditEntries(alice.id)).toHaveLength(0)

    const retry = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(retry.data?.status).toBe('completed')
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
  })

  it('a timeout before PayPal captured: UPSTREAM_UNAVAILABLE (502), nothing credited, back to created; the retry credits once', async () => {
    const providers = providersWithTimeouts({ paypalMs: 300 })
    const caller = { userId: alice.id, ip: '127.0.0.1' }
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500, providers)
    paypalFake.failNext('capture', 'timeout')

    const error = await expectAppError(
      finishTopup(db, providers, caller, { purpose: 'custom_credits', orderId }),
      'UPSTREAM_UNAVAILABLE',
    )
    expect(error.httpStatus).toBe(502)
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await topupById(topupId)).toMatchObject({ status: 'created', claimedAt: null })
    expect(paypalFake.order(orderId)?.capture).toBeNull()

    const retry = await finishTopup(db, providers, caller, { purpose: 'custom_credits', orderId })
    expect(retry.status).toBe('completed')
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('a capture PayPal applied but whose answer was lost: the retry replays it and credits exactly once', async () => {
    const providers = providersWithTimeouts({ paypalMs: 300 })
    const caller = { userId: alice.id, ip: '127.0.0.1' }
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500, providers)
    paypalFake.failNext('capture', 'timeout', { applied: true })

    await expectAppError(
      finishTopup(db, providers, caller, { purpose: 'custom_credits', orderId }),
      'UPSTREAM_UNAVAILABLE',
    )
    // PayPal has the money; we have not credited anything yet.
    expect(paypalFake.order(orderId)?.capture?.status).toBe('COMPLETED')
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await topupById(topupId)).toMatchObject({ status: 'created' })

    const retry = await finishTopup(db, providers, caller, { purpose: 'custom_credits', orderId })
    expect(retry.status).toBe('completed')
    const again = await expectAppError(
      finishTopup(db, providers, caller, { purpose: 'custom_credits', orderId }),
      'ALREADY_CAPTURED',
    )
    expect(again.httpStatus).toBe(409)

    const entries = await creditEntries(alice.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]!.paymentReference).toBe(captureIdOf(orderId))
    expect(await balanceCents(alice.id)).toBe(2500)
    // One request id, replayed: never a second capture.
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
  })

  it('a claim left by a request that died is taken over after it goes stale', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    await db.execute(
      sql`update topups set status = 'capturing', claimed_at = now() - interval '30 seconds' where id = ${topupId}`,
    )
    const fresh = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(fresh.status).toBe(409)
    expect(fresh.error?.code).toBe('CAPTURE_IN_PROGRESS')
    expect(await creditEntries(alice.id)).toHaveLength(0)

    await db.execute(
      sql`update topups set claimed_at = now() - interval '3 minutes' where id = ${topupId}`,
    )
    const stale = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(stale.data?.status).toBe('completed')
    expect(await creditEntries(alice.id)).toHaveLength(1)
  })
})

describe('the buyer’s funding source is declined', () => {
  it('402 PAYMENT_DECLINED with restart, nothing credited; the next attempt uses a new PayPal-Request-Id and succeeds', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.declineNextCapture(orderId)

    const declined = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(declined.status).toBe(402)
    expect(declined.error?.code).toBe('PAYMENT_DECLINED')
    expect(declined.error?.details).toMatchObject({ restart: true })
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await topupById(topupId)).toMatchObject({ status: 'created', captureAttempt: 1 })

    // The buyer picks another funding source at PayPal (approves again), then we capture.
    paypalFake.approve(orderId)
    const retry = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
    expect(retry.data?.status).toBe('completed')
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-1`])
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
  })

  it('two declines in a row bump the attempt twice; the third capture credits once', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 700)
    for (let i = 1; i <= 2; i++) {
      paypalFake.declineNextCapture(orderId)
      const declined = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
      expect(declined.error?.code).toBe('PAYMENT_DECLINED')
      expect((await topupById(topupId)).captureAttempt).toBe(i)
    }
    const ok = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(ok.data?.status).toBe('completed')
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-2`])
    expect(await balanceCents(alice.id)).toBe(700)
  })
})

describe('a capture PayPal holds as PENDING', () => {
  it('answers status pending and credits nothing until PayPal confirms', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    paypalFake.capturePending(orderId)
    const result = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ status: 'pending', balance: null })
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await topupById(topupId)).toMatchObject({
      status: 'pending',
      paypalCaptureId: captureIdOf(orderId),
    })
    // Asking again does not credit a pending payment either.
    const again = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(again.status).toBe(409)
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })
})
