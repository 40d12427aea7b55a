import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { topupRefunds, topups } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { reconcileRefunds } from '#server/services/payments/reconcile-refunds.ts'
import { cancelPendingVirtFusionCredits } from '#server/services/virtfusion/cancel-pending-credits.ts'
import { deliverVirtFusionTokens } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import {
  balanceCents,
  capturedTopup,
  creditEntries,
  postWebhook,
  tokenEntries,
  topupById,
  setUpPaymentTests,
} from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * The daily refund reconciliation: refunds and reversals PayPal made whose webhook never
 * arrived (lost, or refused) are read from the order at PayPal and applied through the
 * webhook's own path, exactly once, also when the webhook arrives at the same moment.
 */

let alice: TestUser
setUpPaymentTests((user) => (alice = user))

type Applied = { topupId: number; refundId: string; kind: string; cents: number }

function appliedFor(check: { details: Record<string, unknown> }, topupId: number): Applied[] {
  return (check.details.applied as Applied[]).filter((a) => a.topupId === topupId)
}

describe('refunds no webhook reported', () => {
  it('a partial refund of credits: applied once by the reconciliation, the late webhook does nothing', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    // PayPal refunds $10.00; its webhook is lost.
    const lost = paypalFake.refund(topup.paypalOrderId!, { value: '10.00' })

    const check = await reconcileRefunds(db, getProviders())
    expect(check).toMatchObject({ kind: 'paypal_refunds', outcome: 'findings' })
    expect(appliedFor(check, topup.id)).toEqual([
      expect.objectContaining({ refundId: lost.resource.id, kind: 'refund', cents: 1000 }),
    ])
    expect(await balanceCents(alice.id)).toBe(1500)
    expect(await topupById(topup.id)).toMatchObject({ refundedCents: 1000, status: 'completed' })

    // Again: nothing new.
    expect(appliedFor(await reconcileRefunds(db, getProviders()), topup.id)).toEqual([])
    const late = await postWebhook(JSON.stringify(lost))
    expect(late.data?.outcome).toBe('compensation already')
    const refunds = (await creditEntries(alice.id)).filter((e) => e.type === 'refund')
    expect(refunds.map((e) => [e.amountCents, e.paymentReference])).toEqual([
      [-1000, `refund:${lost.resource.id}`],
    ])
    expect(await balanceCents(alice.id)).toBe(1500)
  })

  it('a full refund of delivered tokens: refunded, the VirtFusion credit cancelled once', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    paypalFake.refund(topup.paypalOrderId!)

    await reconcileRefunds(db, getProviders())
    const after = await topupById(topup.id)
    expect(after).toMatchObject({ status: 'refunded', refundedCents: 1000 })
    await reconcileRefunds(db, getProviders())
    expect((await tokenEntries(alice.id)).filter((e) => e.tokens < 0)).toEqual([
      expect.objectContaining({ tokens: -1000, virtfusionCreditId: after.virtfusionCreditId }),
    ])
    await cancelPendingVirtFusionCredits(db, getProviders())
    expect(virtfusionFake.balance(alice.id)).toBe(0)
  })

  it('$3 lost, $4 by webhook, of a $10 token top-up: $7 refunded, flagged, the credit kept', async () => {
    const topup = await capturedTopup(alice.id, 'virtfusion_tokens', 1000)
    expect(await deliverVirtFusionTokens(db, getProviders(), topup.id)).toBe('delivered')
    paypalFake.refund(topup.paypalOrderId!, { value: '3.00' })
    const four = paypalFake.refund(topup.paypalOrderId!, { value: '4.00' })
    expect((await postWebhook(JSON.stringify(four))).status).toBe(200)

    await reconcileRefunds(db, getProviders())
    expect(await topupById(topup.id)).toMatchObject({ refundedCents: 700, status: 'flagged' })
    expect((await tokenEntries(alice.id)).filter((e) => e.tokens < 0)).toEqual([])
  })

  it('a reversal (not listed among the refunds): the rest of the capture, keyed on the capture', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const partial = paypalFake.refund(topup.paypalOrderId!, { value: '5.00' })
    expect((await postWebhook(JSON.stringify(partial))).status).toBe(200)
    // The buyer's bank takes back the rest; that webhook is lost.
    const reversal = paypalFake.refund(topup.paypalOrderId!, { reversal: true })

    const check = await reconcileRefunds(db, getProviders())
    expect(appliedFor(check, topup.id)).toEqual([
      expect.objectContaining({ refundId: topup.paypalCaptureId, kind: 'chargeback', cents: 2000 }),
    ])
    expect(await balanceCents(alice.id)).toBe(0)
    expect(await topupById(topup.id)).toMatchObject({ status: 'reversed', refundedCents: 2500 })
    // The reversal's own webhook, arriving late, finds nothing left to compensate.
    expect((await postWebhook(JSON.stringify(reversal))).data?.outcome).toBe('compensation already')
    expect(await balanceCents(alice.id)).toBe(0)
  })

  it('webhook and reconciliation at the same moment: one compensation', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    const event = paypalFake.refund(topup.paypalOrderId!, { value: '7.00' })
    const [webhooks] = await Promise.all([
      Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          postWebhook(JSON.stringify({ ...event, id: `${event.id}-${n}` })),
        ),
      ),
      reconcileRefunds(db, getProviders()),
      reconcileRefunds(db, getProviders()),
    ])
    expect(webhooks.map((w) => w.status)).toEqual([200, 200, 200, 200])
    expect((await creditEntries(alice.id)).filter((e) => e.type === 'refund')).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(1800)
    const rows = await db.select().from(topupRefunds).where(eq(topupRefunds.topupId, topup.id))
    expect(rows.map((r) => [r.paypalRefundId, r.amountCents])).toEqual([[event.resource.id, 700]])
  })

  it('captures older than 30 days are not read again', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    paypalFake.refund(topup.paypalOrderId!, { value: '10.00' })
    await db
      .update(topups)
      .set({
        createdAt: sql`now() - interval '31 days'`,
        capturedAt: sql`now() - interval '31 days'`,
      })
      .where(eq(topups.id, topup.id))
    await reconcileRefunds(db, getProviders())
    expect(await balanceCents(alice.id)).toBe(2500)
  })
})

describe('for admins', () => {
  it('run now from /admin/health; the latest run is shown there', async () => {
    const admin = await createTestUser({ role: 'admin' })
    const topup = await capturedTopup(alice.id, 'custom_credits', 2500)
    paypalFake.refund(topup.paypalOrderId!, { value: '1.00' })

    const run = await trpcData<{ kind: string; outcome: string; summary: string }>(
      await trpcMutation('admin.health.runRefundReconciliation', undefined, {
        cookie: admin.cookie,
      }),
    )
    expect(run).toMatchObject({ kind: 'paypal_refunds', outcome: 'findings' })
    expect(run.summary).toMatch(/refund\(s\) no webhook reported applied/)
    const status = await trpcData<{ checks: { paypalRefunds: { id: number } | null } }>(
      await trpcQuery('admin.health.status', undefined, admin.cookie),
    )
    expect(status.checks.paypalRefunds).toMatchObject(run)
    expect(await balanceCents(alice.id)).toBe(2400)

    // Not for a non-admin.
    const denied = await trpcMutation('admin.health.runRefundReconciliation', undefined, {
      cookie: alice.cookie,
    })
    expect(denied.status).toBe(403)
  })
})
