import { and, eq, lt, sql } from 'drizzle-orm'
import { http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import * as adminPaymentsPage from '#app/routes/admin.payments.tsx'
import { db } from '#db/client.ts'
import { paypalWebhookEvents, topups } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { listTopupsForAdmin, retryTopup } from '#server/services/payments/admin-topups.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import {
  balanceCents,
  capturedTopup,
  creditEntries,
  postWebhook,
  providersWithTimeouts,
  purchaseTokenEntries,
  tokenEntries,
  topupById,
  setUpPaymentTests,
} from '#tests/helpers/payments.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { mockServer } from '#tests/mocks/server.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * Issue #10: each PayPal refund is compensated exactly once, however often and however
 * concurrently it is delivered (the same event many times at once, the same refund id under
 * other event ids), and a full refund of a token top-up whose delivery outcome is unknown
 * stays in front of an admin. Every delivery goes through the real webhook route.
 */

let alice: TestUser
setUpPaymentTests((user) => (alice = user))

type Event = ReturnType<typeof paypalFake.refund>

const underNewEventId = (event: Event, n: number) =>
  JSON.stringify({ ...event, id: `${event.id}-RESENT-${n}` })

/** The same delivery 8 times at once plus the same refund under 4 other event ids, at once. */
async function stampede(event: Event) {
  const bodies = [
    ...Array.from({ length: 8 }, () => JSON.stringify(event)),
    ...Array.from({ length: 4 }, (_, n) => underNewEventId(event, n)),
  ]
  const results = await Promise.all(bodies.map((body) => postWebhook(body)))
  for (const result of results) expect(result.status, JSON.stringify(result.error)).toBe(200)
  return results
}

async function refundRows(topupId: number) {
  const result = await db.execute<{ paypal_refund_id: string; amount_cents: string }>(
    sql`select paypal_refund_id, amount_cents::text from topup_refunds where topup_id = ${topupId} order by id`,
  )
  return [...result].map((r) => ({ refundId: r.paypal_refund_id, cents: Number(r.amount_cents) }))
}

async function deliveredTokenTopup(tokens: number) {
  const topup = await capturedTopup(alice.id, 'virtfusion_tokens', tokens)
  expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
  return topupById(topup.id)
}

describe('a partial refund of a token top-up counts once', () => {
  it('$3 then $4 of $10, the $3 delivered 12 times at once: $7 refunded, flagged, the VirtFusion credit is NOT cancelled', async () => {
    const topup = await deliveredTokenTopup(1000)
    const orderId = topup.paypalOrderId!

    const three = paypalFake.refund(orderId, { value: '3.00' })
    const results = await stampede(three)
    // Each of the 5 event ids is processed by exactly one of its deliveries.
    expect(results.filter((r) => r.data?.duplicate === false)).toHaveLength(5)
    expect((await topupById(topup.id)).refundedCents).toBe(300)

    const four = paypalFake.refund(orderId, { value: '4.00' })
    expect((await postWebhook(JSON.stringify(four))).status).toBe(200)

    const after = await topupById(topup.id)
    expect(after.refundedCents).toBe(700)
    expect(after.status).toBe('flagged')
    expect(after.failureReason).toMatch(/by hand/)
    // No cancellation was recorded or sent: the buyer still paid $3.00 for these tokens.
    expect((await tokenEntries(alice.id)).filter((e) => e.tokens < 0)).toEqual([])
    await cancelPendingVirtFusionCredits(db, getProviders())
    expect(virtfusionFake.balance(alice.id)).toBe(1000)
    expect(await refundRows(topup.id)).toEqual([
      { refundId: three.resource.id, cents: 300 },
      { refundId: four.resource.id, cents: 400 },
    ])

    // The rest refunded later: now the whole credit goes, once.
    const rest = paypalFake.refund(orderId)
    await stampede(rest)
    const full = await topupById(topup.id)
    expect(full).toMatchObject({ refundedCents: 1000, status: 'refunded' })
    const cancellations = (await tokenEntries(alice.id)).filter((e) => e.tokens < 0)
    expect(cancellations).toHaveLength(1)
    expect(cancellations[0]).toMatchObject({ tokens: -1000, type: 'refund' })
    await cancelPendingVirtFusionCredits(db, getProviders())
    expect(virtfusionFake.credits(alice.id)).toEqual([
      expect.objectContaining({ id: topup.virtfusionCreditId, cancelled: true }),
    ])
  })

  it('a reversal reported under the refund id of an earlier refund changes nothing more', async () => {
    const topup = await deliveredTokenTopup(1000)
    const three = paypalFake.refund(topup.paypalOrderId!, { value: '3.00' })
    await stampede(three)
    const sameMoney = {
      ...three,
      id: `${three.id}-AS-REVERSAL`,
      event_type: 'PAYMENT.CAPTURE.REVERSED',
    }
    expect((await postWebhook(JSON.stringify(sameMoney))).status).toBe(200)
    expect((await topupById(topup.id)).refundedCents).toBe(300)
    expect(await refundRows(topup.id)).toHaveLength(1)
  })
})

describe('custom credits: one ledger entry per refund id', () => {
  it('a $10 refund of $25 delivered 12 times at once, then $15: exactly two entries, balance 0', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const ten = paypalFake.refund(topup.paypalOrderId!, { value: '10.00' })
    await stampede(ten)
    expect(await balanceCents(alice.id)).toBe(1500)
    expect((await topupById(topup.id)).refundedCents).toBe(1000)

    const fifteen = paypalFake.refund(topup.paypalOrderId!, { value: '15.00' })
    await stampede(fifteen)
    const refunds = (await creditEntries(alice.id)).filter((e) => e.type === 'refund')
    expect(refunds.map((e) => [e.amountCents, e.paymentReference])).toEqual([
      [-1000, `refund:${ten.resource.id}`],
      [-1500, `refund:${fifteen.resource.id}`],
    ])
    expect(await balanceCents(alice.id)).toBe(0)
    expect(await topupById(topup.id)).toMatchObject({ status: 'refunded', refundedCents: 2500 })
  })
})

describe('the webhook claim', () => {
  it('8 concurrent deliveries of one event: one processes it, the others answer 200 and do nothing', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const event = paypalFake.refund(topup.paypalOrderId!, { value: '5.00' })
    const results = await Promise.all(
      Array.from({ length: 8 }, () => postWebhook(JSON.stringify(event))),
    )
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(results.filter((r) => r.data?.duplicate === false)).toHaveLength(1)
    expect((await creditEntries(alice.id)).filter((e) => e.type === 'refund')).toHaveLength(1)
    const [stored] = await db
      .select()
      .from(paypalWebhookEvents)
      .where(eq(paypalWebhookEvents.id, event.id))
    expect(stored).toMatchObject({ outcome: 'compensation compensated' })
    expect(stored!.processedAt).not.toBeNull()
  })

  it('a claim left by a crashed process blocks redeliveries only until it expires', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const event = paypalFake.refund(topup.paypalOrderId!, { value: '5.00' })
    // A process claimed the event and died before finishing.
    await db.insert(paypalWebhookEvents).values({
      id: event.id,
      eventType: event.event_type,
      payload: event,
      claimedUntil: sql`now() + interval '2 minutes'`,
    })
    const whileClaimed = await postWebhook(JSON.stringify(event))
    expect(whileClaimed.status).toBe(200)
    expect(whileClaimed.data).toMatchObject({ duplicate: true })
    expect(await balanceCents(alice.id)).toBe(2500)

    await db
      .update(paypalWebhookEvents)
      .set({ claimedUntil: sql`now() - interval '1 second'` })
      .where(
        and(eq(paypalWebhookEvents.id, event.id), lt(paypalWebhookEvents.receivedAt, sql`now()`)),
      )
    const afterExpiry = await postWebhook(JSON.stringify(event))
    expect(afterExpiry.data).toMatchObject({
      duplicate: false,
      outcome: 'compensation compensated',
    })
    expect(await balanceCents(alice.id)).toBe(2000)
  })

  it('a failed processing releases the claim: the immediate redelivery processes the event', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    // Not recorded yet for PayPal's capture id: compensation refuses with a retryable 503.
    const captureId = topup.paypalCaptureId!
    await db.update(topups).set({ paypalCaptureId: null }).where(eq(topups.id, topup.id))
    const event = paypalFake.refund(topup.paypalOrderId!, { value: '5.00' })
    const refused = await postWebhook(JSON.stringify(event))
    expect(refused.status).toBe(503)

    await db.update(topups).set({ paypalCaptureId: captureId }).where(eq(topups.id, topup.id))
    const redelivered = await postWebhook(JSON.stringify(event))
    expect(redelivered.data).toMatchObject({
      duplicate: false,
      outcome: 'compensation compensated',
    })
    expect(await balanceCents(alice.id)).toBe(2000)
  })
})

describe('a full refund while the VirtFusion delivery outcome is unknown', () => {
  let admin: TestUser
  beforeEach(async () => {
    admin = await createTestUser({ role: 'admin' })
  })

  async function topupInReview() {
    const slow = providersWithTimeouts({ virtfusionMs: 300 })
    await ensureVirtFusionLink(db, slow, alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000, slow)
    virtfusionFake.timeoutNext()
    expect(await deliverVirtFusionTokens(db, slow, topup.id)).toBe('review')
    // The timed-out call did add the credit at VirtFusion; we cannot know.
    expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
    return topup
  }

  it('stays in review, says what to check, is listed for admins, and the admin closes it without delivering', async () => {
    const topup = await topupInReview()
    const refund = paypalFake.refund(topup.paypalOrderId!)
    await stampede(refund)

    const after = await topupById(topup.id)
    expect(after.status).toBe('review')
    expect(after.refundedCents).toBe(1000)
    expect(after.failureReason).toContain(
      'Refunded in full at PayPal while the VirtFusion delivery outcome is unknown',
    )
    expect(after.failureReason).toContain(`reference_1 = ${topup.id}`)
    // Nothing is delivered or cancelled behind the admin's back.
    expect(await runDueDeliveries(db, getProviders())).toMatchObject({ delivered: 0 })
    expect((await tokenEntries(alice.id)).filter((e) => e.tokens < 0)).toEqual([])

    const listed = await listTopupsForAdmin(db, { limit: 50 })
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        id: topup.id,
        status: 'review',
        failureReason: after.failureReason,
        refunded: { cents: 1000, formatted: '$10.00' },
      }),
    )
    // /admin/payments (default filter: everything needing attention) lists it the same way.
    // The loader prefetches the list for hydration (superjson inside the dehydrated query).
    const loaded = (await (
      await invoke(adminPaymentsPage.loader, '/admin/payments', { cookie: admin.cookie })
    ).json()) as {
      dehydrated: {
        queries: {
          state: {
            data: { json: { items: { id: number; status: string; failureReason: string }[] } }
          }
        }[]
      }
    }
    expect(loaded.dehydrated.queries[0]!.state.data.json.items).toContainEqual(
      expect.objectContaining({
        id: topup.id,
        status: 'review',
        failureReason: after.failureReason,
      }),
    )

    // The admin checked VirtFusion (and cancelled the credit there by hand): retry closes it.
    expect(await retryTopup(db, getProviders(), topup.id)).toEqual({ status: 'refunded' })
    expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
    expect((await purchaseTokenEntries(topup.id))[0]!.status).toBe('cancelled')
  })

  /** The full refund arrives while VirtFusion's add-credit call is in flight. */
  function refundDuringAddCredit(orderId: string) {
    mockServer.use(
      http.post(
        `${virtfusionFake.baseUrl}/selfService/credit/byUserExtRelationId/:extRelationId`,
        async () => {
          const refunded = await postWebhook(JSON.stringify(paypalFake.refund(orderId)))
          expect(refunded.status).toBe(200)
          // Fall through to the fake, which applies the credit.
          return undefined
        },
        { once: true },
      ),
    )
  }

  it('the call in flight times out: review with the refund reason, never silently refunded', async () => {
    const slow = providersWithTimeouts({ virtfusionMs: 2000 })
    await ensureVirtFusionLink(db, slow, alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000, slow)
    refundDuringAddCredit(topup.paypalOrderId!)
    virtfusionFake.timeoutNext()
    expect(await deliverVirtFusionTokens(db, slow, topup.id)).toBe('review')

    const after = await topupById(topup.id)
    expect(after).toMatchObject({ status: 'review', refundedCents: 1000, virtfusionCreditId: null })
    expect(after.failureReason).toContain('delivery outcome is unknown')
    expect(virtfusionFake.credits(alice.id)).toHaveLength(1)
  })

  it('the call in flight succeeds: the credit it made is cancelled and the top-up is refunded', async () => {
    await ensureVirtFusionLink(db, getProviders(), alice.id)
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    refundDuringAddCredit(topup.paypalOrderId!)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')

    const after = await topupById(topup.id)
    expect(after).toMatchObject({ status: 'refunded', refundedCents: 1000 })
    expect(after.virtfusionCreditId).not.toBeNull()
    expect((await tokenEntries(alice.id)).filter((e) => e.tokens < 0)).toEqual([
      expect.objectContaining({ tokens: -1000, virtfusionCreditId: after.virtfusionCreditId }),
    ])
    await cancelPendingVirtFusionCredits(db, getProviders())
    expect(virtfusionFake.credits(alice.id)).toEqual([
      expect.objectContaining({ id: after.virtfusionCreditId, cancelled: true }),
    ])
  })
})
