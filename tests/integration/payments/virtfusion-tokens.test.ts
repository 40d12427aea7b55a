import { eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import {
  apiCaptureOrder,
  apiCreateOrder,
  capturedTopup,
  captureIdOf,
  clearRateLimits,
  creditEntries,
  providersWithTimeouts,
  purchaseTokenEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  tokenEntries,
  topupById,
  topupByOrder,
} from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * VirtFusion token top-ups: PayPal capture, then delivery of the tokens to VirtFusion
 * (which has no idempotency key), through outages and lost answers.
 */

let admin: TestUser
let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Token Admin' })
  alice = await createTestUser({ name: 'Alice' })
})

const NO_DELIVERIES = { delivered: 0, retry: 0, review: 0, noop: 0 }

type BillingBalance = {
  customCredits: { balance: { cents: number } }
  virtfusionTokens: {
    status: string
    tokens?: number
    value?: { cents: number; formatted: string }
  }
}

describe('happy path', () => {
  it.each(['trpc', 'rest'] as const)(
    'over %s: $10.00 → 1000 tokens delivered once, user linked, balance and history agree',
    async (via) => {
      const created = await apiCreateOrder(via, alice, 'virtfusion_tokens', { amount: '10.00' })
      expect(created.error).toBeNull()
      const { orderId } = created.data!
      expect(paypalFake.order(orderId)?.unit.amount.value).toBe('10.00')
      paypalFake.approve(orderId)

      const captured = await apiCaptureOrder(via, alice, 'virtfusion_tokens', { orderId })
      expect(captured.error).toBeNull()
      expect(captured.data).toMatchObject({
        purpose: 'virtfusion_tokens',
        status: 'captured',
        tokens: 1000,
        amount: { cents: 1000 },
        balance: null,
      })
      const topupId = captured.data!.topupId
      const captureId = captureIdOf(orderId)
      // Paid for tokens: nothing lands in the custom-credit journal.
      expect(await creditEntries(alice.id)).toHaveLength(0)
      expect(await purchaseTokenEntries(topupId)).toEqual([
        expect.objectContaining({ tokens: 1000, status: 'pending' }),
      ])

      expect(await deliverVirtFusionTokens(db, getProviders(), topupId)).toBe('delivered')

      const credits = virtfusionFake.credits(alice.id)
      expect(credits).toHaveLength(1)
      expect(credits[0]).toMatchObject({
        extRelationId: alice.id,
        tokens: 1000,
        reference_1: topupId,
        reference_2: captureId,
        cancelled: false,
      })
      const vfUsers = virtfusionFake.users().filter((u) => u.extRelationId === alice.id)
      expect(vfUsers).toEqual([expect.objectContaining({ email: alice.email })])
      const [user] = await db.select().from(users).where(eq(users.id, alice.id))
      expect(user!.virtfusionUserId).toBe(vfUsers[0]!.id)

      expect(await topupById(topupId)).toMatchObject({
        status: 'completed',
        virtfusionCreditId: credits[0]!.id,
        lastDeliveryError: null,
      })
      const entries = await tokenEntries(alice.id)
      expect(entries).toHaveLength(1)
      expect(entries[0]).toMatchObject({
        type: 'purchase',
        tokens: 1000,
        status: 'delivered',
        topupId,
        virtfusionCreditId: credits[0]!.id,
      })

      const balance = await trpcData<BillingBalance>(
        await trpcQuery('billing.balance', undefined, alice.cookie),
      )
      expect(balance.virtfusionTokens).toMatchObject({
        status: 'ok',
        tokens: 1000,
        value: { cents: 1000, formatted: '$10.00' },
      })
      expect(balance.customCredits.balance.cents).toBe(0)

      const history = await trpcData<{ items: { type: string; tokens: number; status: string }[] }>(
        await trpcQuery('billing.tokens.transactions', {}, alice.cookie),
      )
      expect(history.items).toEqual([
        expect.objectContaining({ type: 'purchase', tokens: 1000, status: 'delivered' }),
      ])

      // Delivering again, or sweeping, does nothing more.
      expect(await deliverVirtFusionTokens(db, getProviders(), topupId)).toBe('noop')
      expect(await runDueDeliveries(db, getProviders())).toEqual(NO_DELIVERIES)
      expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
      // The capture route refuses a replay.
      const replay = await apiCaptureOrder(via, alice, 'virtfusion_tokens', { orderId })
      expect(replay.error?.code).toBe('ALREADY_CAPTURED')
    },
  )

  it('runDueDeliveries delivers every captured top-up; an already linked user is not created twice', async () => {
    await ensureVirtFusionLink(db, getProviders(), alice.id)
    const first = await capturedTopup(alice.id, 'virtfusion_tokens', 500)
    const second = await capturedTopup(alice.id, 'virtfusion_tokens', 250)
    expect(await runDueDeliveries(db, getProviders())).toMatchObject({ delivered: 2 })
    expect(virtfusionFake.users().filter((u) => u.extRelationId === alice.id)).toHaveLength(1)
    expect(
      virtfusionFake
        .credits(alice.id)
        .map((c) => [c.reference_1, c.tokens])
        .sort(),
    ).toEqual(
      [
        [first.id, 500],
        [second.id, 250],
      ].sort(),
    )
    expect(virtfusionFake.balance(alice.id)).toBe(750)
  })

  it('a credits order id on the tokens route and vice versa: 404', async () => {
    const tokens = await apiCreateOrder('trpc', alice, 'virtfusion_tokens', { amount: '10.00' })
    paypalFake.approve(tokens.data!.orderId)
    const wrong = await apiCaptureOrder('rest', alice, 'custom_credits', {
      orderId: tokens.data!.orderId,
    })
    expect(wrong.status).toBe(404)
    expect((await topupByOrder(tokens.data!.orderId)).status).toBe('created')
  })
})

describe('VirtFusion unreachable during delivery', () => {
  it.each([
    ['at the linking step (user not linked yet)', false],
    ['at the add-credit step (user already linked)', true],
  ])(
    'outage %s: retry later with an error recorded, no credit; delivered once after the outage; then a no-op',
    async (_label, prelinked) => {
      if (prelinked) await ensureVirtFusionLink(db, getProviders(), alice.id)
      const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
      virtfusionFake.setOutage(true)

      expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('retry')
      const waiting = await topupById(topup.id)
      expect(waiting.status).toBe('captured')
      expect(waiting.deliveryAttempts).toBe(1)
      expect(waiting.lastDeliveryError).toBeTruthy()
      const [{ inFuture }] = (await db.execute(
        sql`select next_delivery_at > now() as "inFuture" from topups where id = ${topup.id}`,
      )) as unknown as [{ inFuture: boolean }]
      expect(inFuture).toBe(true)
      expect(virtfusionFake.credits(alice.id)).toHaveLength(0)
      expect((await purchaseTokenEntries(topup.id))[0]!.status).toBe('pending')

      // Not due yet: the sweep leaves it alone even once VirtFusion is back.
      virtfusionFake.setOutage(false)
      expect(await runDueDeliveries(db, getProviders())).toEqual(NO_DELIVERIES)

      await db.execute(
        sql`update topups set next_delivery_at = now() - interval '1 second' where id = ${topup.id}`,
      )
      expect(await runDueDeliveries(db, getProviders())).toMatchObject({ delivered: 1 })
      expect(await topupById(topup.id)).toMatchObject({
        status: 'completed',
        deliveryAttempts: 2,
        lastDeliveryError: null,
      })
      expect(await runDueDeliveries(db, getProviders())).toEqual(NO_DELIVERIES)
      expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('noop')
      expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
      expect(virtfusionFake.balance(alice.id)).toBe(1000)
    },
  )

  it('a 5xx from VirtFusion on add-credit (outcome unknown) goes to review, not to a blind retry', async () => {
    await ensureVirtFusionLink(db, getProviders(), alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    virtfusionFake.failNextWith(503)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('review')
    expect((await topupById(topup.id)).status).toBe('review')
    expect(virtfusionFake.credits(alice.id)).toHaveLength(0)
  })
})

describe('VirtFusion does not answer a delivery in time', () => {
  it('goes to review (not retried by the sweep), is listed for admins, and an admin retry delivers', async () => {
    const slow = providersWithTimeouts({ virtfusionMs: 300 })
    await ensureVirtFusionLink(db, slow, alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000, slow)
    virtfusionFake.timeoutNext()

    expect(await deliverVirtFusionTokens(db, slow, topup.id)).toBe('review')
    const review = await topupById(topup.id)
    expect(review.status).toBe('review')
    expect(review.lastDeliveryError).toContain(`reference ${topup.id}`)
    expect((await purchaseTokenEntries(topup.id))[0]!.status).toBe('review')
    // The fake applied the credit although its answer never arrived.
    expect(virtfusionFake.credits(alice.id)).toHaveLength(1)

    // The sweep does not touch a top-up in review.
    expect(await runDueDeliveries(db, slow)).toEqual(NO_DELIVERIES)
    expect((await topupById(topup.id)).status).toBe('review')

    const list = await trpcData<{
      items: { id: number; status: string; lastDeliveryError: string }[]
    }>(await trpcQuery('admin.payments.list', {}, admin.cookie))
    expect(list.items).toContainEqual(
      expect.objectContaining({
        id: topup.id,
        status: 'review',
        lastDeliveryError: review.lastDeliveryError,
      }),
    )
    const onlyReview = await trpcData<{ items: { id: number; status: string }[] }>(
      await trpcQuery('admin.payments.list', { statuses: ['review'] }, admin.cookie),
    )
    expect(onlyReview.items.map((i) => i.id)).toContain(topup.id)
    expect(new Set(onlyReview.items.map((i) => i.status))).toEqual(new Set(['review']))

    const retried = await trpcMutation(
      'admin.payments.retry',
      { topupId: topup.id },
      { cookie: admin.cookie },
    )
    expect(await trpcData(retried)).toEqual({ status: 'completed' })
    expect((await purchaseTokenEntries(topup.id))[0]!.status).toBe('delivered')

    // What the code does: the admin retry sends the credit again, without looking at
    // VirtFusion, because VirtFusion's add-credit has no idempotency key and our client has
    // no "find credit by reference" call. The admin page tells the admin to check
    // VirtFusion for reference_1 = top-up id first; here the timed-out credit WAS applied,
    // so the retry leaves two credits for one payment (2000 tokens for $10.00).
    const credits = virtfusionFake.credits(alice.id)
    expect(credits).toHaveLength(2)
    expect(credits.every((c) => c.reference_1 === topup.id)).toBe(true)
    expect(virtfusionFake.balance(alice.id)).toBe(2000)
  })

  it('a delivery whose worker died mid-call goes to review after ten minutes, never re-sent by the sweep', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    await db.execute(
      sql`update topups set status = 'delivering', claimed_at = now() - interval '11 minutes' where id = ${topup.id}`,
    )
    expect(await runDueDeliveries(db, getProviders())).toMatchObject({ review: 1, delivered: 0 })
    expect((await topupById(topup.id)).status).toBe('review')
    expect(virtfusionFake.credits(alice.id)).toHaveLength(0)
  })
})
