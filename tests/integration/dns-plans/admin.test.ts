import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { adminAuditLog } from '#db/schema/index.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import type { PlanAdminView } from '#server/services/dns-plans/admin-plans.ts'
import type { PlanView, SubscriptionView } from '#server/services/dns-plans/views.ts'
import {
  at,
  balanceOf,
  buy,
  chargesOf,
  countPlanRows,
  deletePlanRow,
  endAllLiveSubscriptions,
  expectLedgerConsistent,
  fundedUser,
  insertPlanRow,
  notificationsOf,
  onlySubscription,
  planIds,
  planRow,
  spendsOf,
  subscriber,
  trpcError,
  updatePlanRow,
} from '#tests/helpers/dns.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Plan Admin' })
})

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveSubscriptions()
})

const iso = (date: Date | string | null | undefined) => (date ? new Date(date).toISOString() : null)
const asAdmin = (path: string, input: unknown) =>
  trpcMutation(path, input, { cookie: admin.cookie })
const publicSlugs = async () =>
  (await trpcData<PlanView[]>(await trpcQuery('dnsPlans.list', undefined))).map((p) => p.slug)
const auditFor = (userId: number) =>
  db
    .select()
    .from(adminAuditLog)
    .where(eq(adminAuditLog.targetUserId, userId))
    .orderBy(asc(adminAuditLog.id))

describe('plan administration', () => {
  it('creates a plan (prices as decimal text) that then shows publicly; a duplicate slug or name is 409', async () => {
    const created = await trpcData<PlanView>(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'team',
        name: 'Team',
        description: 'For teams.',
        price: '25.00',
        maxDomains: 50,
        maxRecords: 1000,
        features: ['50 domains', 'SSO'],
        displayOrder: 4,
      }),
    )
    expect(created).toMatchObject({
      slug: 'team',
      price: { cents: 2500, formatted: '$25.00' },
      maxDomains: 50,
      features: ['50 domains', 'SSO'],
      isActive: true,
      displayOrder: 4,
    })
    expect(await publicSlugs()).toEqual(['basic', 'pro', 'enterprise', 'team'])

    const dupSlug = await trpcError(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'team',
        name: 'Other',
        price: '1.00',
        maxDomains: 1,
        maxRecords: 1,
      }),
    )
    expect(dupSlug).toMatchObject({
      status: 409,
      appCode: 'ALREADY_EXISTS',
      fields: { slug: ['Already taken'] },
    })
    const dupName = await trpcError(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'team-2',
        name: 'Team',
        price: '1.00',
        maxDomains: 1,
        maxRecords: 1,
      }),
    )
    expect(dupName).toMatchObject({ status: 409, fields: { name: ['Already taken'] } })
    const badPrice = await trpcError(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'bad',
        name: 'Bad',
        price: '0',
        maxDomains: 1,
        maxRecords: 1,
      }),
    )
    expect(badPrice.status).toBe(400)

    const deleted = await asAdmin('admin.dnsPlans.delete', { planId: created.id })
    expect(deleted.status).toBe(200)
    expect(await publicSlugs()).toEqual(['basic', 'pro', 'enterprise'])
  })

  it('editing one field leaves the others as they were', async () => {
    const [plan] = [
      await insertPlanRow({
        slug: 'edit-me',
        name: 'Edit Me',
        description: 'Keep this description.',
        priceCents: 1200,
        maxDomains: 10,
        maxRecords: 200,
        features: ['Feature A', 'Feature B'],
        isActive: false,
        displayOrder: 7,
      }),
    ]
    const updated = await trpcData<PlanView>(
      await asAdmin('admin.dnsPlans.update', { planId: plan.id, price: '13.00' }),
    )
    expect(updated.price.cents).toBe(1300)
    const [row] = [await planRow(plan.id)]
    await deletePlanRow(plan.id)
    expect(row).toMatchObject({
      priceCents: 1300,
      name: 'Edit Me',
      description: 'Keep this description.',
      features: ['Feature A', 'Feature B'],
      isActive: false,
      displayOrder: 7,
      maxDomains: 10,
      maxRecords: 200,
    })
  })

  it('deactivating hides a plan from the list and from purchase; existing subscribers keep it', async () => {
    const ids = await planIds()
    const { user } = await subscriber('enterprise', at('2027-04-01T00:00:00Z'), 5000)
    const [before] = [await planRow(ids.enterprise)]
    await asAdmin('admin.dnsPlans.update', { planId: ids.enterprise, isActive: false })
    try {
      expect(await publicSlugs()).toEqual(['basic', 'pro'])
      const buyer = await fundedUser(10_000)
      await expect(buy(buyer.id, 'enterprise', at('2027-04-02T00:00:00Z'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
      expect(await balanceOf(buyer.id)).toBe(10_000)
      const adminList = await trpcData<PlanAdminView[]>(
        await trpcQuery('admin.dnsPlans.list', undefined, admin.cookie),
      )
      expect(adminList.find((p) => p.id === ids.enterprise)).toMatchObject({ isActive: false })
      // The subscriber keeps the plan and renews on it.
      await runRenewals(db, { now: at('2027-05-01T00:00:00Z') })
      expect(await onlySubscription(user.id)).toMatchObject({
        planId: ids.enterprise,
        status: 'active',
      })
    } finally {
      const { id: _id, ...fields } = before!
      await updatePlanRow(ids.enterprise, fields)
    }
  })

  it("the admin list counts each plan's live and total subscriptions", async () => {
    const [plan] = [
      await insertPlanRow({
        slug: 'counted',
        name: 'Counted',
        priceCents: 100,
        maxDomains: 1,
        maxRecords: 1,
        displayOrder: 9,
      }),
    ]
    try {
      const buyers = await Promise.all([fundedUser(100), fundedUser(100), fundedUser(100)])
      for (const buyer of buyers)
        await purchasePlan(db, {
          userId: buyer.id,
          planId: plan.id,
          now: at('2027-04-01T00:00:00Z'),
        })
      await trpcMutation('dnsPlans.cancel', undefined, { cookie: buyers[0].cookie })
      await runRenewals(db, { now: at('2027-05-01T00:00:00Z') })
      expect((await onlySubscription(buyers[0].id)).status).toBe('cancelled')
      const adminList = await trpcData<PlanAdminView[]>(
        await trpcQuery('admin.dnsPlans.list', undefined, admin.cookie),
      )
      expect(adminList.find((p) => p.id === plan.id)?.subscriptions).toEqual({ live: 2, total: 3 })
    } finally {
      await updatePlanRow(plan.id, { isActive: false })
    }
  })

  it('reorders the plans', async () => {
    const ids = await planIds()
    const reordered = await trpcData<PlanView[]>(
      await asAdmin('admin.dnsPlans.reorder', { planIds: [ids.enterprise, ids.basic, ids.pro] }),
    )
    // The answer is every plan (inactive ones too) in the new order.
    const defaults = reordered.filter((p) => ['basic', 'pro', 'enterprise'].includes(p.slug))
    expect(defaults.map((p) => [p.slug, p.displayOrder])).toEqual([
      ['enterprise', 1],
      ['basic', 2],
      ['pro', 3],
    ])
    expect(await publicSlugs()).toEqual(['enterprise', 'basic', 'pro'])
    await asAdmin('admin.dnsPlans.reorder', { planIds: [ids.basic, ids.pro, ids.enterprise] })
    expect(await publicSlugs()).toEqual(['basic', 'pro', 'enterprise'])
  })

  it('a price change applies from the next renewal: the existing subscriber pays the old price until then, the new one after', async () => {
    const ids = await planIds()
    const { user: existing } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 2000)
    const [before] = [await planRow(ids.basic)]
    try {
      const updated = await trpcData<PlanView>(
        await asAdmin('admin.dnsPlans.update', {
          planId: ids.basic,
          price: '7.00',
          description: before!.description,
          features: before!.features,
          displayOrder: before!.displayOrder,
        }),
      )
      expect(updated.price.cents).toBe(700)
      expect((await onlySubscription(existing.id)).pricePaidCents).toBe(500)
      expect(await balanceOf(existing.id)).toBe(2000)

      const newcomer = await fundedUser(700)
      await buy(newcomer.id, 'basic', at('2027-04-10T00:00:00Z'))
      expect(await balanceOf(newcomer.id)).toBe(0)
      expect((await onlySubscription(newcomer.id)).pricePaidCents).toBe(700)

      await runRenewals(db, { now: at('2027-05-01T00:00:00Z') })
      expect((await chargesOf(existing.id)).map((c) => [c.kind, c.amountCents])).toEqual([
        ['purchase', 500],
        ['renewal', 700],
      ])
      expect((await onlySubscription(existing.id)).pricePaidCents).toBe(700)
      expect(await balanceOf(existing.id)).toBe(1300)
    } finally {
      await updatePlanRow(ids.basic, { priceCents: 500 })
    }
  })

  it('deleting a plan with subscriptions is 409 (deactivate it instead); without subscriptions it is deleted', async () => {
    const ids = await planIds()
    await subscriber('pro', at('2027-04-01T00:00:00Z'), 0)
    const refused = await trpcError(await asAdmin('admin.dnsPlans.delete', { planId: ids.pro }))
    expect(refused).toMatchObject({ status: 409, appCode: 'CONFLICT' })
    expect(refused.message).toMatch(/deactivate/)
    // Even when every subscription has ended, the history keeps it.
    await endAllLiveSubscriptions()
    expect(
      (await trpcError(await asAdmin('admin.dnsPlans.delete', { planId: ids.pro }))).status,
    ).toBe(409)
    expect(await publicSlugs()).toContain('pro')

    const [unused] = [
      await insertPlanRow({
        slug: 'unused',
        name: 'Unused',
        priceCents: 100,
        maxDomains: 1,
        maxRecords: 1,
      }),
    ]
    expect(await trpcData(await asAdmin('admin.dnsPlans.delete', { planId: unused.id }))).toEqual({
      deleted: true,
    })
    expect(await countPlanRows(unused.id)).toBe(0)
    expect(
      (await trpcError(await asAdmin('admin.dnsPlans.delete', { planId: unused.id }))).status,
    ).toBe(404)
  })
})

describe("administering a user's subscription", () => {
  it('cancel ends the plan now and writes an audit row with the reason', async () => {
    const { user } = await subscriber('pro', at('2027-04-01T00:00:00Z'), 1000)
    const result = await trpcData<SubscriptionView>(
      await asAdmin('admin.dnsPlans.cancelSubscription', {
        userId: user.id,
        reason: 'Abuse of the DNS service',
      }),
    )
    expect(result).toMatchObject({ status: 'cancelled', autoRenew: false })
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('cancelled')
    expect(sub.endedAt).not.toBeNull()
    const audit = await auditFor(user.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      adminUserId: admin.id,
      targetUserId: user.id,
      action: 'dns_subscription.cancel',
      subject: `dns_subscription:${sub.id}`,
      reason: 'Abuse of the DNS service',
    })
    expect(await notificationsOf(user.id, 'dns_plan_cancelled_by_admin')).toHaveLength(1)
    // No refund, no charge.
    expect(await balanceOf(user.id)).toBe(1000)
    expect(await spendsOf(user.id)).toHaveLength(1)
    const overview = await trpcData<{
      subscription: SubscriptionView
      audit: Array<{ reason: string; adminName: string }>
    }>(await trpcQuery('admin.dnsPlans.subscription', { userId: user.id }, admin.cookie))
    expect(overview.subscription.status).toBe('cancelled')
    expect(overview.audit).toMatchObject([
      { reason: 'Abuse of the DNS service', adminName: 'Plan Admin' },
    ])
    // Nothing left to cancel.
    expect(
      (
        await trpcError(
          await asAdmin('admin.dnsPlans.cancelSubscription', {
            userId: user.id,
            reason: 'again please',
          }),
        )
      ).status,
    ).toBe(404)
  })

  it('extend by N days moves the period end for free and writes an audit row with the reason', async () => {
    const { user } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 0)
    const result = await trpcData<SubscriptionView>(
      await asAdmin('admin.dnsPlans.extendSubscription', {
        userId: user.id,
        days: 5,
        reason: 'Outage compensation',
      }),
    )
    expect(iso(result.currentPeriodEnd)).toBe('2027-05-06T00:00:00.000Z')
    const sub = await onlySubscription(user.id)
    expect(iso(sub.currentPeriodEnd)).toBe('2027-05-06T00:00:00.000Z')
    expect(iso(sub.nextPaymentAt)).toBe('2027-05-06T00:00:00.000Z')
    const audit = await auditFor(user.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      adminUserId: admin.id,
      action: 'dns_subscription.extend',
      reason: 'Outage compensation',
      details: { days: 5, from: '2027-05-01T00:00:00.000Z', to: '2027-05-06T00:00:00.000Z' },
    })
    expect(await notificationsOf(user.id, 'dns_plan_extended')).toHaveLength(1)
    expect(await spendsOf(user.id)).toHaveLength(1)
    // Nothing is due at the old period end any more.
    expect(await runRenewals(db, { now: at('2027-05-01T00:00:00Z') })).toMatchObject({
      renewed: 0,
      past_due: 0,
    })
    expect((await onlySubscription(user.id)).status).toBe('active')
  })

  it('extending a past-due plan makes it active again until the new end', async () => {
    const { user } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 0)
    await runRenewals(db, { now: at('2027-05-01T00:00:00Z') })
    expect((await onlySubscription(user.id)).status).toBe('past_due')
    await asAdmin('admin.dnsPlans.extendSubscription', {
      userId: user.id,
      days: 10,
      reason: 'Goodwill gesture',
    })
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('active')
    expect(iso(sub.currentPeriodEnd)).toBe('2027-05-11T00:00:00.000Z')
  })

  it('the free days are kept: the paid period after an extension is a full billing month', async () => {
    const { user } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 500)
    await asAdmin('admin.dnsPlans.extendSubscription', {
      userId: user.id,
      days: 5,
      reason: 'Outage compensation',
    })
    await runRenewals(db, { now: at('2027-05-06T00:00:00Z') })
    const sub = await onlySubscription(user.id)
    expect(iso(sub.currentPeriodStart)).toBe('2027-05-06T00:00:00.000Z')
    // $5.00 buys a month (May 6 → June 6), not the 26 days left until the old anchor day.
    expect(iso(sub.currentPeriodEnd)).toBe('2027-06-06T00:00:00.000Z')
  })

  it('a reason shorter than 3 characters is 400 and nothing is written', async () => {
    const { user } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 0)
    for (const [path, input] of [
      ['admin.dnsPlans.cancelSubscription', { userId: user.id, reason: 'no' }],
      ['admin.dnsPlans.extendSubscription', { userId: user.id, days: 3, reason: 'ok' }],
      ['admin.dnsPlans.extendSubscription', { userId: user.id, days: 3, reason: '   ' }],
      ['admin.dnsPlans.extendSubscription', { userId: user.id, days: 0, reason: 'zero days' }],
      [
        'admin.dnsPlans.extendSubscription',
        { userId: user.id, days: 366, reason: 'too many days' },
      ],
    ] as const) {
      const error = await trpcError(await asAdmin(path, input))
      expect({ path, input, status: error.status, appCode: error.appCode }).toEqual({
        path,
        input,
        status: 400,
        appCode: 'VALIDATION_FAILED',
      })
    }
    expect(await auditFor(user.id)).toEqual([])
    const sub = await onlySubscription(user.id)
    expect(sub.status).toBe('active')
    expect(iso(sub.currentPeriodEnd)).toBe('2027-05-01T00:00:00.000Z')
  })
})
