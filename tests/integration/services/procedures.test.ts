import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import * as listRoute from '#app/routes/api.services._index.ts'
import * as cancelRoute from '#app/routes/api.services.$serviceId.cancel.ts'
import * as getRoute from '#app/routes/api.services.$serviceId.ts'
import * as orderRoute from '#app/routes/api.services.order.ts'
import { db } from '#db/client.ts'
import { adminAuditLog } from '#db/schema/index.ts'
import type { ServiceView } from '#server/services/services/views.ts'
import { balanceOf, expectLedgerConsistent, fundedUser } from '#tests/helpers/dns.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import {
  dedicatedServerProduct,
  endAllLiveServices,
  eventsOf,
  markProvisioned,
} from '#tests/helpers/services.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser } from '#tests/helpers/users.ts'

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveServices()
})

describe('services procedures and their REST mirrors', () => {
  it('a customer orders over REST, reads and cancels; another user gets 404 for it', async () => {
    const productId = await dedicatedServerProduct({ monthly: 3_000 }, 1_000)
    const buyer = await fundedUser(5_000)
    const ordered = await invoke(orderRoute.action, '/api/services/order', {
      ...jsonBody({ productId, cycle: 'monthly', idempotencyKey: 'rest-order-0001' }),
      cookie: buyer.cookie,
    })
    expect(ordered.status).toBe(200)
    const service = (await ordered.json()) as ServiceView
    expect(service).toMatchObject({ status: 'pending', recurringPrice: { cents: 3_000 } })
    expect(await balanceOf(buyer.id)).toBe(1_000)

    const mine = (await (
      await invoke(listRoute.loader, '/api/services?family=dedicated_server', {
        cookie: buyer.cookie,
      })
    ).json()) as ServiceView[]
    expect(mine.map((s) => s.id)).toEqual([service.id])

    const stranger = await createTestUser({ name: 'Stranger' })
    const foreign = await invoke(getRoute.loader, `/api/services/${service.id}`, {
      cookie: stranger.cookie,
      params: { serviceId: String(service.id) },
    })
    expect(foreign.status).toBe(404)
    const notMine = await invoke(cancelRoute.action, `/api/services/${service.id}/cancel`, {
      method: 'POST',
      cookie: stranger.cookie,
      params: { serviceId: String(service.id) },
    })
    expect(notMine.status).toBe(404)

    const cancelled = await invoke(cancelRoute.action, `/api/services/${service.id}/cancel`, {
      method: 'POST',
      cookie: buyer.cookie,
      params: { serviceId: String(service.id) },
    })
    expect(((await cancelled.json()) as ServiceView).cancelAtPeriodEnd).toBe(true)
    expect(
      (await invoke(orderRoute.action, '/api/services/order', { method: 'POST' })).status,
    ).toBe(401)
  })

  it('tRPC: order, quoteChange and change (a prorated upgrade with its plan_changed event)', async () => {
    const small = await dedicatedServerProduct({ monthly: 3_000 })
    const big = await dedicatedServerProduct({ monthly: 9_000 })
    const buyer = await fundedUser(20_000)
    const service = await trpcData<ServiceView>(
      await trpcMutation(
        'services.order',
        { productId: small, cycle: 'monthly' },
        { cookie: buyer.cookie },
      ),
    )
    await markProvisioned(service.id)
    const quote = await trpcData<{ kind: string; amount: { cents: number }; quote: string }>(
      await trpcQuery(
        'services.quoteChange',
        { serviceId: service.id, productId: big },
        buyer.cookie,
      ),
    )
    expect(quote.kind).toBe('upgrade')
    expect(quote.amount.cents).toBeGreaterThan(0)
    expect(quote.amount.cents).toBeLessThanOrEqual(6_000)
    const changed = await trpcData<{ charged: { cents: number }; service: ServiceView }>(
      await trpcMutation(
        'services.change',
        { serviceId: service.id, productId: big, quote: quote.quote },
        { cookie: buyer.cookie },
      ),
    )
    expect(changed.charged.cents).toBe(quote.amount.cents)
    expect(changed.service).toMatchObject({
      product: { id: big },
      recurringPrice: { cents: 9_000 },
    })
    expect((await eventsOf(service.id)).map((e) => e.type)).toEqual(['plan_changed'])
  })

  it('admin actions need a reason, are audited and write their outbox event; users are refused', async () => {
    const productId = await dedicatedServerProduct({ monthly: 2_000 })
    const owner = await fundedUser(2_000)
    const service = await trpcData<ServiceView>(
      await trpcMutation(
        'services.order',
        { productId, cycle: 'monthly' },
        { cookie: owner.cookie },
      ),
    )
    await markProvisioned(service.id)
    const admin = await createTestUser({ role: 'admin', name: 'Services Admin' })

    const refused = await trpcMutation(
      'services.admin.suspend',
      { serviceId: service.id, reason: 'abuse report' },
      { cookie: owner.cookie },
    )
    expect(refused.status).toBe(403)
    const noReason = await trpcMutation(
      'services.admin.suspend',
      { serviceId: service.id, reason: ' ' },
      { cookie: admin.cookie },
    )
    expect(noReason.status).toBe(400)

    const suspended = await trpcData<ServiceView>(
      await trpcMutation(
        'services.admin.suspend',
        { serviceId: service.id, reason: 'abuse report' },
        { cookie: admin.cookie },
      ),
    )
    expect(suspended.status).toBe('suspended')
    await trpcData(
      await trpcMutation(
        'services.admin.unsuspend',
        { serviceId: service.id, reason: 'resolved with the customer' },
        { cookie: admin.cookie },
      ),
    )
    const terminated = await trpcData<ServiceView>(
      await trpcMutation(
        'services.admin.terminate',
        { serviceId: service.id, reason: 'customer asked by phone' },
        { cookie: admin.cookie },
      ),
    )
    expect(terminated.status).toBe('terminated')
    expect((await eventsOf(service.id)).map((e) => e.type)).toEqual([
      'suspended',
      'unsuspended',
      'terminated',
    ])
    const audit = await db
      .select({ action: adminAuditLog.action, reason: adminAuditLog.reason })
      .from(adminAuditLog)
      .where(and(eq(adminAuditLog.adminUserId, admin.id), eq(adminAuditLog.targetUserId, owner.id)))
      .orderBy(adminAuditLog.id)
    expect(audit).toEqual([
      { action: 'service.suspend', reason: 'abuse report' },
      { action: 'service.unsuspend', reason: 'resolved with the customer' },
      { action: 'service.terminate', reason: 'customer asked by phone' },
    ])

    const list = await trpcData<{ items: { id: number }[] }>(
      await trpcQuery(
        'services.admin.list',
        { family: 'dedicated_server', status: 'terminated', userId: owner.id },
        admin.cookie,
      ),
    )
    expect(list.items.map((s) => s.id)).toEqual([service.id])
  })
})
