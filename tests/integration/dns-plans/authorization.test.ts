import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as listRoute from '#app/routes/api.dns-plans._index.ts'
import * as cancelRoute from '#app/routes/api.dns-plans.cancel.ts'
import * as changeRoute from '#app/routes/api.dns-plans.change.ts'
import * as purchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import * as resumeRoute from '#app/routes/api.dns-plans.resume.ts'
import * as subscriptionRoute from '#app/routes/api.dns-plans.subscription.ts'
import { appRouter } from '#server/trpc/root.ts'
import type { SubscriptionView } from '#server/services/dns-plans/views.ts'
import {
  at,
  balanceOf,
  expectLedgerConsistent,
  fundedUser,
  onlySubscription,
  planIds,
  planRow,
  spendsOf,
  subscriber,
  subscriptionsOf,
  type PlanSlug,
  updatePlanRow,
} from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let user: TestUser
let ids: Record<PlanSlug, number>

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Auth Admin' })
  user = await fundedUser(0, 'Plain User')
  ids = await planIds()
})

afterEach(async () => {
  await expectLedgerConsistent()
})

type Call = { path: string; type: 'query' | 'mutation'; input?: unknown }

const call = (c: Call, cookie?: string) =>
  c.type === 'query'
    ? trpcQuery(c.path, c.input, cookie)
    : trpcMutation(c.path, c.input, { cookie })

describe('tRPC authorization matrix', () => {
  it('dnsPlans.list is public', async () => {
    expect((await trpcQuery('dnsPlans.list', undefined)).status).toBe(200)
    expect((await trpcQuery('dnsPlans.list', undefined, user.cookie)).status).toBe(200)
    expect((await invoke(listRoute.loader, '/api/dns-plans')).status).toBe(200)
  })

  it('every user procedure is 401 for anonymous callers and writes nothing', async () => {
    const calls: Call[] = [
      { path: 'dnsPlans.mySubscription', type: 'query' },
      { path: 'dnsPlans.limits', type: 'query' },
      { path: 'dnsPlans.previewChange', type: 'query', input: { planId: ids.pro } },
      { path: 'dnsPlans.purchase', type: 'mutation', input: { planId: ids.basic } },
      { path: 'dnsPlans.change', type: 'mutation', input: { planId: ids.pro } },
      { path: 'dnsPlans.cancel', type: 'mutation' },
      { path: 'dnsPlans.resume', type: 'mutation' },
    ]
    for (const c of calls) {
      const response = await call(c)
      expect({ path: c.path, status: response.status }).toEqual({ path: c.path, status: 401 })
    }
  })

  it('every admin.dnsPlans procedure: anonymous 401, user 403, admin 200', async () => {
    const { user: target } = await subscriber(
      'basic',
      at('2027-04-01T00:00:00Z'),
      0,
      'Admin Target',
    )
    const calls: Call[] = [
      { path: 'admin.dnsPlans.list', type: 'query' },
      { path: 'admin.dnsPlans.subscription', type: 'query', input: { userId: target.id } },
      {
        path: 'admin.dnsPlans.create',
        type: 'mutation',
        input: { slug: 'authz', name: 'Authz', price: '3.00', maxDomains: 2, maxRecords: 20 },
      },
      {
        path: 'admin.dnsPlans.update',
        type: 'mutation',
        input: { planId: ids.pro, maxRecords: 500 },
      },
      {
        path: 'admin.dnsPlans.reorder',
        type: 'mutation',
        input: { planIds: [ids.basic, ids.pro, ids.enterprise] },
      },
      {
        path: 'admin.dnsPlans.extendSubscription',
        type: 'mutation',
        input: { userId: target.id, days: 2, reason: 'authz check' },
      },
      {
        path: 'admin.dnsPlans.cancelSubscription',
        type: 'mutation',
        input: { userId: target.id, reason: 'authz check' },
      },
    ]
    const [proBefore] = [await planRow(ids.pro)]
    for (const c of calls) {
      expect({ path: c.path, status: (await call(c)).status }).toEqual({
        path: c.path,
        status: 401,
      })
      expect({ path: c.path, status: (await call(c, user.cookie)).status }).toEqual({
        path: c.path,
        status: 403,
      })
    }
    // Nothing happened on the way: the target's plan is untouched.
    expect(await onlySubscription(target.id)).toMatchObject({ status: 'active' })
    expect(new Date((await onlySubscription(target.id)).currentPeriodEnd).toISOString()).toBe(
      '2027-05-01T00:00:00.000Z',
    )

    for (const c of calls) {
      const response = await call(c, admin.cookie)
      expect({ path: c.path, status: response.status }).toEqual({ path: c.path, status: 200 })
    }
    // admin.dnsPlans.update above was a real edit: put Pro back as it was.
    const { id: _id, ...restore } = proBefore!
    await updatePlanRow(ids.pro, restore)
    const created = await trpcData<Array<{ id: number; slug: string }>>(
      await trpcQuery('admin.dnsPlans.list', undefined, admin.cookie),
    )
    const authz = created.find((p) => p.slug === 'authz')!
    const deleteCall: Call = {
      path: 'admin.dnsPlans.delete',
      type: 'mutation',
      input: { planId: authz.id },
    }
    expect((await call(deleteCall)).status).toBe(401)
    expect((await call(deleteCall, user.cookie)).status).toBe(403)
    expect((await call(deleteCall, admin.cookie)).status).toBe(200)
  })
})

describe('REST mirrors', () => {
  it('anonymous: GET /api/dns-plans 200; subscription, purchase, change, cancel, resume 401', async () => {
    expect((await invoke(listRoute.loader, '/api/dns-plans')).status).toBe(200)
    expect((await invoke(subscriptionRoute.loader, '/api/dns-plans/subscription')).status).toBe(401)
    for (const [route, path] of [
      [purchaseRoute.action, '/api/dns-plans/purchase'],
      [changeRoute.action, '/api/dns-plans/change'],
      [cancelRoute.action, '/api/dns-plans/cancel'],
      [resumeRoute.action, '/api/dns-plans/resume'],
    ] as const) {
      const response = await invoke(route, path, jsonBody({ planId: ids.basic }))
      expect({ path, status: response.status }).toEqual({ path, status: 401 })
    }
  })

  it('a signed-in user buys, changes and cancels over REST', async () => {
    const buyer = await fundedUser(5000)
    const bought = await invoke(purchaseRoute.action, '/api/dns-plans/purchase', {
      ...jsonBody({ planId: ids.basic, idempotencyKey: 'rest-buy-0001' }),
      cookie: buyer.cookie,
    })
    expect(bought.status).toBe(200)
    expect(((await bought.json()) as SubscriptionView).plan.slug).toBe('basic')
    const changed = await invoke(changeRoute.action, '/api/dns-plans/change', {
      ...jsonBody({ planId: ids.pro }),
      cookie: buyer.cookie,
    })
    expect(changed.status).toBe(200)
    const change = (await changed.json()) as { kind: string; subscription: SubscriptionView }
    expect(change.kind).toBe('upgrade')
    expect(change.subscription.plan.slug).toBe('pro')
    const cancelled = await invoke(cancelRoute.action, '/api/dns-plans/cancel', {
      method: 'POST',
      cookie: buyer.cookie,
    })
    expect(((await cancelled.json()) as SubscriptionView).cancelAtPeriodEnd).toBe(true)
    const mine = (await (
      await invoke(subscriptionRoute.loader, '/api/dns-plans/subscription', {
        cookie: buyer.cookie,
      })
    ).json()) as { subscription: SubscriptionView }
    expect(mine.subscription).toMatchObject({ plan: { slug: 'pro' }, cancelAtPeriodEnd: true })
    // GET is not a way to buy.
    const wrongMethod = await invoke(purchaseRoute.action, '/api/dns-plans/purchase', {
      method: 'PUT',
      cookie: buyer.cookie,
    })
    expect(wrongMethod.status).toBe(400)
  })

  it('a cookie-authenticated POST from another origin is refused', async () => {
    const buyer = await fundedUser(5000)
    const response = await invoke(purchaseRoute.action, '/api/dns-plans/purchase', {
      ...jsonBody({ planId: ids.basic }),
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      cookie: buyer.cookie,
    })
    expect(response.status).toBe(403)
    expect(await subscriptionsOf(buyer.id)).toEqual([])
    expect(await balanceOf(buyer.id)).toBe(5000)
  })
})

describe("nobody reaches another user's subscription", () => {
  it('the user procedures take no user or subscription id', () => {
    const procedures = (
      appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: unknown[] } }> }
    ).procedures
    const userProcedures = Object.keys(procedures).filter((path) => path.startsWith('dnsPlans.'))
    expect(userProcedures.sort()).toEqual(
      [
        'dnsPlans.cancel',
        'dnsPlans.change',
        'dnsPlans.limits',
        'dnsPlans.list',
        'dnsPlans.mySubscription',
        'dnsPlans.previewChange',
        'dnsPlans.purchase',
        'dnsPlans.resume',
      ].sort(),
    )
    for (const path of userProcedures) {
      for (const parser of procedures[path]!._def.inputs) {
        const shape = (parser as { shape?: Record<string, unknown> }).shape ?? {}
        const keys = Object.keys(shape)
        expect({ path, keys: keys.filter((k) => /user|subscription|^id$/i.test(k)) }).toEqual({
          path,
          keys: [],
        })
      }
    }
  })

  it("ids smuggled into the input are ignored: Bob acts only on his own plan, Alice's is untouched", async () => {
    const { user: alice } = await subscriber('basic', at('2027-04-01T00:00:00Z'), 5000, 'Alice')
    const aliceSub = await onlySubscription(alice.id)
    const bob = await fundedUser(0, 'Bob')
    const smuggled = { userId: alice.id, subscriptionId: aliceSub.id, id: aliceSub.id }

    expect(
      await trpcData(await trpcQuery('dnsPlans.mySubscription', smuggled, bob.cookie)),
    ).toBeNull()
    expect(await trpcData(await trpcQuery('dnsPlans.limits', smuggled, bob.cookie))).toMatchObject({
      hasPlan: false,
    })
    expect(
      (await trpcQuery('dnsPlans.previewChange', { ...smuggled, planId: ids.pro }, bob.cookie))
        .status,
    ).toBe(404)
    expect(
      (
        await trpcMutation(
          'dnsPlans.change',
          { ...smuggled, planId: ids.pro },
          { cookie: bob.cookie },
        )
      ).status,
    ).toBe(404)
    expect((await trpcMutation('dnsPlans.cancel', smuggled, { cookie: bob.cookie })).status).toBe(
      404,
    )
    expect((await trpcMutation('dnsPlans.resume', smuggled, { cookie: bob.cookie })).status).toBe(
      404,
    )
    // Bob has no credits: a purchase "for Alice" is Bob's own purchase and fails on Bob's balance.
    expect(
      (
        await trpcMutation(
          'dnsPlans.purchase',
          { ...smuggled, planId: ids.pro },
          { cookie: bob.cookie },
        )
      ).status,
    ).toBe(402)

    const restSub = (await (
      await invoke(subscriptionRoute.loader, `/api/dns-plans/subscription?userId=${alice.id}`, {
        cookie: bob.cookie,
      })
    ).json()) as { subscription: unknown }
    expect(restSub.subscription).toBeNull()
    for (const [route, path] of [
      [changeRoute.action, '/api/dns-plans/change'],
      [cancelRoute.action, '/api/dns-plans/cancel'],
      [resumeRoute.action, '/api/dns-plans/resume'],
    ] as const) {
      const response = await invoke(route, path, {
        ...jsonBody({ ...smuggled, planId: ids.pro }),
        cookie: bob.cookie,
      })
      expect({ path, status: response.status }).toEqual({ path, status: 404 })
    }

    const after = await onlySubscription(alice.id)
    expect(after).toEqual(aliceSub)
    expect(await balanceOf(alice.id)).toBe(5000)
    expect(await spendsOf(alice.id)).toHaveLength(1)
    expect(await subscriptionsOf(bob.id)).toEqual([])
  })
})
