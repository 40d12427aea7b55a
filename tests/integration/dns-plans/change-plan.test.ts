import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import * as cancelRoute from '#app/routes/api.dns-plans.cancel.ts'
import * as changeRoute from '#app/routes/api.dns-plans.change.ts'
import * as resumeRoute from '#app/routes/api.dns-plans.resume.ts'
import { db } from '#db/client.ts'
import { services } from '#db/schema/index.ts'
import {
  cancelPlan,
  changePlan,
  previewChange,
  resumePlan,
} from '#server/services/dns-plans/change-plan.ts'
import { getPlanLimits } from '#server/services/dns-plans/queries.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import type { SubscriptionView } from '#server/services/dns-plans/views.ts'
import {
  at,
  balanceOf,
  chargesOf,
  endAllLiveSubscriptions,
  expectLedgerConsistent,
  notificationsOf,
  onlySubscription,
  planIds,
  plusMinutes,
  restError,
  spendsOf,
  subscriber,
  trpcError,
  updatePlanRow,
} from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveSubscriptions()
})

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null

/** round_half_up(difference × left / length), the ADR 006 formula, in whole seconds. */
function expectedProration(
  differenceCents: number,
  start: string,
  end: string,
  now: string,
): number {
  const length = Math.floor((Date.parse(end) - Date.parse(start)) / 1000)
  const left = Math.floor((Date.parse(end) - Date.parse(now)) / 1000)
  return Number(
    (2n * BigInt(differenceCents) * BigInt(left) + BigInt(length)) / (2n * BigInt(length)),
  )
}

// Basic bought on April 1st: a 30-day period to May 1st.
const BOUGHT = '2027-04-01T00:00:00Z'
const PERIOD_END = '2027-05-01T00:00:00Z'
const HALF_WAY = '2027-04-16T00:00:00Z'
const THIRD_LEFT = '2027-04-21T00:00:00Z'

describe('upgrade', () => {
  it('preview and change agree to the cent; Basic → Pro half way through costs $5.00; the plan switches now', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 2000)
    const now = at(HALF_WAY)
    const preview = await previewChange(db, { userId: user.id, planId: ids.pro, now })
    expect(preview).toMatchObject({
      kind: 'upgrade',
      fromPlan: { id: ids.basic },
      toPlan: { id: ids.pro, price: { cents: 1500 } },
      amount: { cents: 500, formatted: '$5.00' },
      secondsLeft: 15 * 86400,
      periodSeconds: 30 * 86400,
    })
    expect(iso(preview.effectiveAt)).toBe(HALF_WAY.replace('Z', '.000Z'))
    expect(preview.quote).toEqual(expect.any(String))
    expect(iso(preview.quoteExpiresAt)).toBe('2027-04-16T00:10:00.000Z')

    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.pro,
      quote: preview.quote!,
      now: plusMinutes(now, 3),
    })
    expect(result.kind).toBe('upgrade')
    expect(result.charged).toEqual(preview.amount)
    expect(result.subscription).toMatchObject({
      plan: { slug: 'pro' },
      pricePaid: { cents: 1500 },
      scheduledPlan: null,
    })
    // The period itself does not move.
    expect(iso(result.subscription.currentPeriodStart)).toBe('2027-04-01T00:00:00.000Z')
    expect(iso(result.subscription.currentPeriodEnd)).toBe('2027-05-01T00:00:00.000Z')
    expect(await getPlanLimits(db, user.id)).toMatchObject({
      planName: 'Pro',
      maxDomains: 25,
      maxRecords: 500,
    })

    const spends = await spendsOf(user.id)
    expect(spends.map((e) => [e.type, e.amountCents])).toEqual([
      ['service_purchase', -500],
      ['service_upgrade', -500],
    ])
    const charges = await chargesOf(user.id)
    expect(charges.map((c) => [c.kind, c.planId, c.amountCents, c.creditEntryId])).toEqual([
      ['purchase', ids.basic, 500, spends[0]!.id],
      ['upgrade', ids.pro, 500, spends[1]!.id],
    ])
    expect(iso(charges[1]!.periodStart)).toBe('2027-04-01T00:00:00.000Z')
    expect(await balanceOf(user.id)).toBe(1500)
    expect(await notificationsOf(user.id, 'dns_plan_upgraded')).toHaveLength(1)
  })

  it('change() without a quote at the same now charges exactly what the preview showed', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at('2027-01-31T10:00:00Z'), 10_000)
    // An awkward instant in a 28-day period, so the share is not a round number.
    const now = at('2027-02-09T17:43:11Z')
    const preview = await previewChange(db, { userId: user.id, planId: ids.enterprise, now })
    const expected = expectedProration(
      4500,
      '2027-01-31T10:00:00Z',
      '2027-02-28T10:00:00Z',
      '2027-02-09T17:43:11Z',
    )
    expect(preview.amount.cents).toBe(expected)
    const result = await changePlan(db, { userId: user.id, planId: ids.enterprise, now })
    expect(result.charged.cents).toBe(preview.amount.cents)
    expect(await balanceOf(user.id)).toBe(10_000 - expected)
  })

  it('a second upgrade in the same period prorates on the price actually paid (Pro → Enterprise with a third left)', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    await changePlan(db, { userId: user.id, planId: ids.pro, now: at(HALF_WAY) })
    expect((await onlySubscription(user.id)).pricePaidCents).toBe(1500)

    const preview = await previewChange(db, {
      userId: user.id,
      planId: ids.enterprise,
      now: at(THIRD_LEFT),
    })
    // (50.00 − 15.00) × 10/30 = 11.666… → $11.67
    expect(preview.amount.cents).toBe(1167)
    expect(preview.amount.cents).toBe(expectedProration(3500, BOUGHT, PERIOD_END, THIRD_LEFT))
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.enterprise,
      quote: preview.quote!,
      now: at(THIRD_LEFT),
    })
    expect(result.charged.cents).toBe(1167)
    expect(result.subscription).toMatchObject({
      plan: { slug: 'enterprise' },
      pricePaid: { cents: 5000 },
    })
    expect((await chargesOf(user.id)).map((c) => [c.kind, c.amountCents])).toEqual([
      ['purchase', 500],
      ['upgrade', 500],
      ['upgrade', 1167],
    ])
    expect(await balanceOf(user.id)).toBe(5500 - 500 - 500 - 1167)
  })

  it('prorates on what was paid, not on the current list price of the old plan', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 2000)
    await updatePlanRow(ids.basic, { priceCents: 800 })
    try {
      const result = await changePlan(db, { userId: user.id, planId: ids.pro, now: at(HALF_WAY) })
      // (15.00 − 5.00 paid) × ½, not (15.00 − 8.00) × ½
      expect(result.charged.cents).toBe(500)
    } finally {
      await updatePlanRow(ids.basic, { priceCents: 500 })
    }
  })

  it('an upgrade at the very start of a 31-day period costs the plain difference, never more (D8)', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at('2027-03-01T00:00:00Z'), 2000)
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.pro,
      now: at('2027-03-01T00:00:00Z'),
    })
    expect(result.charged.cents).toBe(1000)
  })

  it('a tampered or foreign quote is ignored and the charge recomputed', async () => {
    const ids = await planIds()
    const now = at(HALF_WAY)
    const tamperings: Array<[string, (quote: string, other: string) => string]> = [
      [
        'amount lowered, signature kept',
        (quote) => {
          const [payload, signature] = quote.split('.')
          const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
            string,
            unknown
          >
          return `${Buffer.from(JSON.stringify({ ...claims, amountCents: 1 })).toString('base64url')}.${signature}`
        },
      ],
      ['signature replaced', (quote) => `${quote.split('.')[0]}.${'A'.repeat(43)}`],
      ['no signature', (quote) => quote.split('.')[0]!],
      ['garbage', () => 'not-a-quote'],
      ["another user's quote", (_quote, other) => other],
    ]
    for (const [label, tamper] of tamperings) {
      const { user } = await subscriber('basic', at(BOUGHT), 5000, `Tamper ${label}`)
      const { user: other } = await subscriber('basic', at(BOUGHT), 5000, `Other ${label}`)
      const preview = await previewChange(db, { userId: user.id, planId: ids.enterprise, now })
      const otherPreview = await previewChange(db, {
        userId: other.id,
        planId: ids.enterprise,
        now: at('2027-04-25T00:00:00Z'),
      })
      expect(preview.amount.cents).toBe(2250)
      const result = await changePlan(db, {
        userId: user.id,
        planId: ids.enterprise,
        quote: tamper(preview.quote!, otherPreview.quote!),
        now,
      })
      expect({ label, charged: result.charged.cents }).toEqual({ label, charged: 2250 })
      expect(await balanceOf(user.id)).toBe(5500 - 500 - 2250)
    }
  })

  it('a quote for another plan is ignored', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const now = at(HALF_WAY)
    const forPro = await previewChange(db, { userId: user.id, planId: ids.pro, now })
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.enterprise,
      quote: forPro.quote!,
      now,
    })
    expect(result.charged.cents).toBe(2250)
  })

  it('an expired quote (after 10 minutes) is ignored: the charge is recomputed at the time of the change', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const quotedAt = at(HALF_WAY)
    const preview = await previewChange(db, {
      userId: user.id,
      planId: ids.enterprise,
      now: quotedAt,
    })
    expect(preview.amount.cents).toBe(2250)
    const later = plusMinutes(quotedAt, 11)
    const fresh = await previewChange(db, { userId: user.id, planId: ids.enterprise, now: later })
    expect(fresh.amount.cents).toBe(
      expectedProration(4500, BOUGHT, PERIOD_END, later.toISOString()),
    )
    expect(fresh.amount.cents).not.toBe(2250)
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.enterprise,
      quote: preview.quote!,
      now: later,
    })
    expect(result.charged.cents).toBe(fresh.amount.cents)
  })

  it('a quote issued before another upgrade in the same period is not honoured (it was computed on the old price paid)', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const now = at(HALF_WAY)
    // The user previews Basic → Enterprise ($22.50), then upgrades to Pro first ($5.00).
    const enterpriseQuote = await previewChange(db, {
      userId: user.id,
      planId: ids.enterprise,
      now,
    })
    expect(enterpriseQuote.amount.cents).toBe(2250)
    await changePlan(db, { userId: user.id, planId: ids.pro, now })
    const current = await previewChange(db, {
      userId: user.id,
      planId: ids.enterprise,
      now: plusMinutes(now, 1),
    })
    expect(current.amount.cents).toBe(1750)
    // Confirming the first dialog must not charge the Basic → Pro difference a second time.
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.enterprise,
      quote: enterpriseQuote.quote!,
      now: plusMinutes(now, 1),
    })
    expect(result.charged.cents).toBe(1750)
    expect(await balanceOf(user.id)).toBe(5500 - 500 - 500 - 1750)
  })

  it('with too few credits for the upgrade: 402 with the shortfall and nothing changes', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 300)
    const preview = await previewChange(db, { userId: user.id, planId: ids.pro, now: at(HALF_WAY) })
    await expect(
      changePlan(db, {
        userId: user.id,
        planId: ids.pro,
        quote: preview.quote!,
        now: at(HALF_WAY),
      }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_CREDITS', details: { shortfallCents: 200 } })
    const viaTrpc = await trpcError(
      await trpcMutation('dnsPlans.change', { planId: ids.pro }, { cookie: user.cookie }),
    )
    expect(viaTrpc).toMatchObject({ status: 402, appCode: 'INSUFFICIENT_CREDITS' })
    expect(viaTrpc.details?.shortfallCents).toEqual(expect.any(Number))
    const viaRest = await restError(
      await invoke(changeRoute.action, '/api/dns-plans/change', {
        ...jsonBody({ planId: ids.pro }),
        cookie: user.cookie,
      }),
    )
    expect(viaRest).toMatchObject({ status: 402, code: 'INSUFFICIENT_CREDITS' })

    const sub = await onlySubscription(user.id)
    expect(sub).toMatchObject({ planId: ids.basic, pricePaidCents: 500, scheduledPlanId: null })
    expect(await balanceOf(user.id)).toBe(300)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await notificationsOf(user.id, 'dns_plan_upgraded')).toEqual([])
  })

  it('two concurrent upgrades to the same plan charge once', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const now = at(HALF_WAY)
    const results = await Promise.allSettled([
      changePlan(db, { userId: user.id, planId: ids.pro, now }),
      changePlan(db, { userId: user.id, planId: ids.pro, now }),
    ])
    const charged = results.map((r) => (r.status === 'fulfilled' ? r.value.charged.cents : -1))
    expect(charged.sort()).toEqual([0, 500])
    expect((await chargesOf(user.id)).filter((c) => c.kind === 'upgrade')).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(5500 - 500 - 500)
  })

  it('cannot change a past-due plan, nor change without a plan', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 0)
    await runRenewals(db, { now: at(PERIOD_END) })
    expect((await onlySubscription(user.id)).status).toBe('past_due')
    await expect(
      previewChange(db, { userId: user.id, planId: ids.pro, now: at('2027-05-02T00:00:00Z') }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await expect(
      changePlan(db, { userId: user.id, planId: ids.pro, now: at('2027-05-02T00:00:00Z') }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    const { user: nobody } = await subscriber('basic', at(BOUGHT), 0)
    await db
      .update(services)
      .set({ status: 'terminated', endedAt: new Date() })
      .where(eq(services.userId, nobody.id))
    await expect(changePlan(db, { userId: nobody.id, planId: ids.pro })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})

describe('downgrade', () => {
  it('costs nothing, is scheduled for the period end, and the renewal then switches and charges the cheaper price', async () => {
    const ids = await planIds()
    const { user } = await subscriber('pro', at(BOUGHT), 1000)
    const now = at('2027-04-10T00:00:00Z')
    const preview = await previewChange(db, { userId: user.id, planId: ids.basic, now })
    expect(preview).toMatchObject({ kind: 'downgrade', amount: { cents: 0 }, quote: null })
    expect(iso(preview.effectiveAt)).toBe('2027-05-01T00:00:00.000Z')

    const result = await changePlan(db, { userId: user.id, planId: ids.basic, now })
    expect(result.kind).toBe('downgrade')
    expect(result.charged.cents).toBe(0)
    expect(result.subscription).toMatchObject({
      plan: { slug: 'pro' },
      scheduledPlan: { slug: 'basic' },
      pricePaid: { cents: 1500 },
    })
    expect((await onlySubscription(user.id)).scheduledPlanId).toBe(ids.basic)
    expect(await getPlanLimits(db, user.id)).toMatchObject({ planName: 'Pro', maxDomains: 25 })
    expect(await balanceOf(user.id)).toBe(1000)
    expect(await spendsOf(user.id)).toHaveLength(1)
    expect(await notificationsOf(user.id, 'dns_plan_downgrade_scheduled')).toHaveLength(1)

    // Still Pro just before the end.
    await runRenewals(db, { now: at('2027-04-30T23:59:59Z') })
    expect((await onlySubscription(user.id)).planId).toBe(ids.pro)

    const report = await runRenewals(db, { now: at(PERIOD_END) })
    expect(report.renewed).toBe(1)
    const sub = await onlySubscription(user.id)
    expect(sub).toMatchObject({
      status: 'active',
      planId: ids.basic,
      scheduledPlanId: null,
      pricePaidCents: 500,
    })
    expect(iso(sub.currentPeriodStart)).toBe('2027-05-01T00:00:00.000Z')
    expect(iso(sub.currentPeriodEnd)).toBe('2027-06-01T00:00:00.000Z')
    expect((await chargesOf(user.id)).map((c) => [c.kind, c.planId, c.amountCents])).toEqual([
      ['purchase', ids.pro, 1500],
      ['renewal', ids.basic, 500],
    ])
    expect(await balanceOf(user.id)).toBe(500)
    expect(await getPlanLimits(db, user.id)).toMatchObject({
      planName: 'Basic',
      maxDomains: 5,
      maxRecords: 100,
    })
  })

  it('choosing the current plan again clears the scheduled downgrade', async () => {
    const ids = await planIds()
    const { user } = await subscriber('enterprise', at(BOUGHT), 6000)
    await changePlan(db, { userId: user.id, planId: ids.basic, now: at('2027-04-10T00:00:00Z') })
    // Changing one's mind to another cheaper plan replaces the scheduled one.
    await changePlan(db, { userId: user.id, planId: ids.pro, now: at('2027-04-11T00:00:00Z') })
    expect((await onlySubscription(user.id)).scheduledPlanId).toBe(ids.pro)
    const same = await previewChange(db, {
      userId: user.id,
      planId: ids.enterprise,
      now: at('2027-04-12T00:00:00Z'),
    })
    expect(same).toMatchObject({ kind: 'same', amount: { cents: 0 } })
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.enterprise,
      now: at('2027-04-12T00:00:00Z'),
    })
    expect(result).toMatchObject({
      kind: 'same',
      charged: { cents: 0 },
      subscription: { scheduledPlan: null },
    })
    expect((await onlySubscription(user.id)).scheduledPlanId).toBeNull()

    await runRenewals(db, { now: at(PERIOD_END) })
    const sub = await onlySubscription(user.id)
    expect(sub.planId).toBe(ids.enterprise)
    expect((await chargesOf(user.id)).map((c) => [c.kind, c.amountCents])).toEqual([
      ['purchase', 5000],
      ['renewal', 5000],
    ])
  })

  it('upgrading and then downgrading within a period gains nothing (no refund, D8)', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 2000)
    await changePlan(db, { userId: user.id, planId: ids.pro, now: at(HALF_WAY) })
    const down = await changePlan(db, { userId: user.id, planId: ids.basic, now: at(THIRD_LEFT) })
    expect(down.charged.cents).toBe(0)
    await runRenewals(db, { now: at(PERIOD_END) })
    expect((await spendsOf(user.id)).map((e) => e.amountCents)).toEqual([-500, -500, -500])
    expect((await spendsOf(user.id)).every((e) => e.amountCents < 0)).toBe(true)
    expect(await balanceOf(user.id)).toBe(2500 - 1500)
  })

  it('a scheduled downgrade from a plan that has since been deactivated can still be undone', async () => {
    const ids = await planIds()
    const { user } = await subscriber('enterprise', at(BOUGHT), 0)
    await changePlan(db, { userId: user.id, planId: ids.basic, now: at('2027-04-10T00:00:00Z') })
    // The admin retires Enterprise; existing subscribers keep it.
    await updatePlanRow(ids.enterprise, { isActive: false })
    try {
      const result = await changePlan(db, {
        userId: user.id,
        planId: ids.enterprise,
        now: at('2027-04-12T00:00:00Z'),
      })
      expect(result.kind).toBe('same')
      expect((await onlySubscription(user.id)).scheduledPlanId).toBeNull()
    } finally {
      await updatePlanRow(ids.enterprise, { isActive: true })
    }
  })

  it('an upgrade after a scheduled downgrade cancels the downgrade', async () => {
    const ids = await planIds()
    const { user } = await subscriber('pro', at(BOUGHT), 5000)
    await changePlan(db, { userId: user.id, planId: ids.basic, now: at('2027-04-05T00:00:00Z') })
    await changePlan(db, { userId: user.id, planId: ids.enterprise, now: at(HALF_WAY) })
    const sub = await onlySubscription(user.id)
    expect(sub).toMatchObject({ planId: ids.enterprise, scheduledPlanId: null })
  })
})

describe('cancel and resume', () => {
  it('cancel runs to the period end, then the renewal pass ends it without a charge', async () => {
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const view = await cancelPlan(db, user.id)
    expect(view).toMatchObject({ status: 'active', autoRenew: false, cancelAtPeriodEnd: true })
    expect((await getPlanLimits(db, user.id)).hasPlan).toBe(true)

    expect(await runRenewals(db, { now: at('2027-04-30T00:00:00Z') })).toMatchObject({
      cancelled: 0,
      renewed: 0,
    })
    expect((await onlySubscription(user.id)).status).toBe('active')

    const report = await runRenewals(db, { now: at(PERIOD_END) })
    expect(report).toMatchObject({ cancelled: 1, renewed: 0 })
    const sub = await onlySubscription(user.id)
    expect(sub).toMatchObject({ status: 'cancelled', autoRenew: false, nextPaymentAt: null })
    expect(iso(sub.endedAt)).toBe('2027-05-01T00:00:00.000Z')
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(5000)
    expect(await notificationsOf(user.id, 'dns_plan_ended')).toHaveLength(1)
    expect((await getPlanLimits(db, user.id)).hasPlan).toBe(false)
    // The ended plan is still shown, and a new purchase is possible.
    expect(
      (
        await trpcData<SubscriptionView>(
          await trpcQuery('dnsPlans.mySubscription', undefined, user.cookie),
        )
      ).status,
    ).toBe('cancelled')
    await runRenewals(db, { now: at('2027-07-01T00:00:00Z') })
    expect(await chargesOf(user.id)).toHaveLength(1)
  })

  it('resume before the end undoes the cancel and the plan renews', async () => {
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    await cancelPlan(db, user.id)
    const resumed = await resumePlan(db, user.id)
    expect(resumed).toMatchObject({ status: 'active', autoRenew: true, cancelAtPeriodEnd: false })
    const report = await runRenewals(db, { now: at(PERIOD_END) })
    expect(report).toMatchObject({ renewed: 1, cancelled: 0 })
    expect((await onlySubscription(user.id)).status).toBe('active')
    expect((await chargesOf(user.id)).map((c) => c.kind)).toEqual(['purchase', 'renewal'])
  })

  it('cancel and resume work over tRPC and REST, and 404 without a plan', async () => {
    const { user } = await subscriber('basic', at(BOUGHT), 0)
    const cancelled = await trpcData<SubscriptionView>(
      await trpcMutation('dnsPlans.cancel', undefined, { cookie: user.cookie }),
    )
    expect(cancelled.cancelAtPeriodEnd).toBe(true)
    const resumed = (await (
      await invoke(resumeRoute.action, '/api/dns-plans/resume', {
        method: 'POST',
        cookie: user.cookie,
      })
    ).json()) as SubscriptionView
    expect(resumed.cancelAtPeriodEnd).toBe(false)
    const restCancel = await invoke(cancelRoute.action, '/api/dns-plans/cancel', {
      method: 'POST',
      cookie: user.cookie,
    })
    expect(restCancel.status).toBe(200)
    expect(((await restCancel.json()) as SubscriptionView).autoRenew).toBe(false)
    const { user: none } = await subscriber('basic', at(BOUGHT), 0)
    await db
      .update(services)
      .set({ status: 'terminated', endedAt: new Date() })
      .where(eq(services.userId, none.id))
    expect(
      (await trpcError(await trpcMutation('dnsPlans.cancel', undefined, { cookie: none.cookie })))
        .status,
    ).toBe(404)
  })
})
