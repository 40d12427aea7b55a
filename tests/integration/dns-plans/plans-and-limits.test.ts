import { describe, expect, it } from 'vitest'
import * as listRoute from '#app/routes/api.dns-plans._index.ts'
import * as subscriptionRoute from '#app/routes/api.dns-plans.subscription.ts'
import type { PlanView, SubscriptionView } from '#server/services/dns-plans/views.ts'
import {
  at,
  buy,
  deletePlanRow,
  expectLedgerConsistent,
  fundedUser,
  insertPlanRow,
} from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'

type Limits = { hasPlan: boolean; planName: string | null; maxDomains: number; maxRecords: number }

describe('dnsPlans.list', () => {
  it('is public and lists the three default plans in display order with exact prices', async () => {
    const plans = await trpcData<PlanView[]>(await trpcQuery('dnsPlans.list', undefined))
    expect(plans.map((p) => [p.slug, p.price.cents, p.maxDomains, p.maxRecords])).toEqual([
      ['basic', 500, 5, 100],
      ['pro', 1500, 25, 500],
      ['enterprise', 5000, 100, 2000],
    ])
    expect(plans[1]).toMatchObject({
      name: 'Pro',
      price: { cents: 1500, formatted: '$15.00' },
      billingPeriod: 'monthly',
      isActive: true,
    })
    const rest = await invoke(listRoute.loader, '/api/dns-plans')
    expect(rest.status).toBe(200)
    expect(((await rest.json()) as PlanView[]).map((p) => p.slug)).toEqual([
      'basic',
      'pro',
      'enterprise',
    ])
  })

  it('orders by display order (then price) and hides inactive plans', async () => {
    const [hidden] = [
      await insertPlanRow({
        slug: 'hidden',
        name: 'Hidden',
        priceCents: 100,
        maxDomains: 1,
        maxRecords: 1,
        isActive: false,
        displayOrder: 0,
      }),
    ]
    const [first] = [
      await insertPlanRow({
        slug: 'starter',
        name: 'Starter',
        priceCents: 9900,
        maxDomains: 1,
        maxRecords: 10,
        displayOrder: 0,
      }),
    ]
    try {
      const plans = await trpcData<PlanView[]>(await trpcQuery('dnsPlans.list', undefined))
      expect(plans.map((p) => p.slug)).toEqual(['starter', 'basic', 'pro', 'enterprise'])
      expect(plans.some((p) => p.id === hidden.id)).toBe(false)
    } finally {
      await deletePlanRow(hidden.id)
      await deletePlanRow(first.id)
    }
  })
})

describe('mySubscription and limits', () => {
  it('without a plan: no subscription, hasPlan false and zero limits', async () => {
    const user = await fundedUser(0)
    expect(
      await trpcData(await trpcQuery('dnsPlans.mySubscription', undefined, user.cookie)),
    ).toBeNull()
    expect(
      await trpcData<Limits>(await trpcQuery('dnsPlans.limits', undefined, user.cookie)),
    ).toEqual({
      hasPlan: false,
      planName: null,
      maxDomains: 0,
      maxRecords: 0,
    })
    const rest = await invoke(subscriptionRoute.loader, '/api/dns-plans/subscription', {
      cookie: user.cookie,
    })
    expect(await rest.json()).toEqual({
      subscription: null,
      limits: { hasPlan: false, planName: null, maxDomains: 0, maxRecords: 0 },
    })
  })

  it('with Pro: the subscription and 25 domains / 500 records', async () => {
    const user = await fundedUser(2000)
    const now = at('2027-05-10T08:30:00Z')
    await buy(user.id, 'pro', now)
    const mine = await trpcData<SubscriptionView>(
      await trpcQuery('dnsPlans.mySubscription', undefined, user.cookie),
    )
    expect(mine).toMatchObject({
      status: 'active',
      plan: { slug: 'pro' },
      scheduledPlan: null,
      pricePaid: { cents: 1500 },
      autoRenew: true,
      cancelAtPeriodEnd: false,
      graceEndsAt: null,
    })
    expect(new Date(mine.currentPeriodStart).toISOString()).toBe('2027-05-10T08:30:00.000Z')
    expect(new Date(mine.currentPeriodEnd).toISOString()).toBe('2027-06-10T08:30:00.000Z')
    expect(
      await trpcData<Limits>(await trpcQuery('dnsPlans.limits', undefined, user.cookie)),
    ).toEqual({
      hasPlan: true,
      planName: 'Pro',
      maxDomains: 25,
      maxRecords: 500,
    })
    const rest = (await (
      await invoke(subscriptionRoute.loader, '/api/dns-plans/subscription', { cookie: user.cookie })
    ).json()) as { subscription: { plan: { slug: string } }; limits: Limits }
    expect(rest.subscription.plan.slug).toBe('pro')
    expect(rest.limits).toMatchObject({ hasPlan: true, maxDomains: 25, maxRecords: 500 })
    await expectLedgerConsistent()
  })
})
