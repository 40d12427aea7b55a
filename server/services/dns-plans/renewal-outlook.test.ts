import { describe, expect, it } from 'vitest'
import { money } from '#server/lib/money.ts'
import { renewalOutlook } from './renewal-outlook.ts'
import type { PlanView, SubscriptionView } from './views.ts'

const plan = (priceCents: number, name = 'Pro'): PlanView => ({
  id: priceCents,
  slug: name.toLowerCase(),
  name,
  description: '',
  price: money(priceCents),
  billingPeriod: 'monthly',
  maxDomains: 1,
  maxRecords: 1,
  features: [],
  isActive: true,
  displayOrder: 0,
})
const end = new Date('2026-12-30T12:00:00Z')
const subscription = (over: Partial<SubscriptionView> = {}): SubscriptionView => ({
  id: 1,
  status: 'active',
  plan: plan(1500),
  scheduledPlan: null,
  currentPeriodStart: new Date('2026-11-30T12:00:00Z'),
  currentPeriodEnd: end,
  pricePaid: money(1500),
  autoRenew: true,
  cancelAtPeriodEnd: false,
  lastPaymentAt: null,
  nextPaymentAt: end,
  graceEndsAt: null,
  ...over,
})

describe('renewalOutlook', () => {
  it('covered exactly at the price, short by the difference below it', () => {
    expect(renewalOutlook(subscription(), 1500)).toMatchObject({
      at: end,
      amount: { cents: 1500 },
      covered: true,
      shortfall: { cents: 0 },
    })
    expect(renewalOutlook(subscription(), 1499)).toMatchObject({
      covered: false,
      shortfall: { cents: 1 },
    })
    // A negative (owed) balance adds to what is missing.
    expect(renewalOutlook(subscription(), -200)?.shortfall.cents).toBe(1700)
  })

  it('a scheduled downgrade renews at the new plan’s price', () => {
    const outlook = renewalOutlook(subscription({ scheduledPlan: plan(500, 'Basic') }), 600)
    expect(outlook).toMatchObject({ amount: { cents: 500 }, covered: true })
  })

  it('nothing renews without a plan, after a cancel or once expired', () => {
    expect(renewalOutlook(null, 0)).toBeNull()
    expect(renewalOutlook(subscription({ cancelAtPeriodEnd: true }), 0)).toBeNull()
    expect(renewalOutlook(subscription({ status: 'expired' }), 0)).toBeNull()
    expect(renewalOutlook(subscription({ autoRenew: false }), 0)).toBeNull()
  })

  it('a past-due plan is due by the end of its grace period', () => {
    const grace = new Date('2027-01-06T12:00:00Z')
    expect(
      renewalOutlook(subscription({ status: 'past_due', graceEndsAt: grace }), 100),
    ).toMatchObject({ at: grace, overdue: true, covered: false, shortfall: { cents: 1400 } })
  })
})
