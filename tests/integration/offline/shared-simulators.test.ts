import { getResponse } from 'msw'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import * as devApproveRoute from '#app/routes/api.dev.paypal.orders.$orderId.approve.ts'
import { db } from '#db/client.ts'
import { createDatabase } from '#db/connection.ts'
import { OFFLINE_VIRTFUSION_API_URL, PAYPAL_API_BASE } from '#server/env.ts'
import {
  createPayPalClient,
  firstCapture,
  PayPalApiError,
} from '#server/integrations/paypal/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { createVirtFusionClient } from '#server/integrations/virtfusion/client.ts'
import { registerOfflineControls } from '#server/offline-control.ts'
import { offlineControlsFor } from '#server/offline-providers.ts'
import { createDatabaseStore } from '#server/offline-store.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { createTopupOrder } from '#server/services/payments/create-topup-order.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import {
  balanceCents,
  clearRateLimits,
  creditEntries,
  TEST_SITE_ORIGIN,
  topupById,
} from '#tests/helpers/payments.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import type { FakeOrder } from '#tests/mocks/paypal.ts'
import { createPayPalHandlers } from '#tests/mocks/paypal.ts'
import type { FakeCreditEntry } from '#tests/mocks/virtfusion.ts'
import { createVirtFusionHandlers } from '#tests/mocks/virtfusion.ts'

/**
 * Offline mode across processes (issue #11): two app instances, each with its own pool and
 * its own simulated PayPal and VirtFusion (msw handlers over the database store, answering
 * that instance's fetch), on one database. They must behave like clients of ONE PayPal and
 * ONE VirtFusion. tests/e2e/offline-processes.test.ts runs the same story with two real
 * processes of the production build.
 */

type Instance = {
  providers: Providers
  store: ReturnType<typeof createDatabaseStore>
  db: ReturnType<typeof createDatabase>['db']
  controls: ReturnType<typeof offlineControlsFor>
  close: () => Promise<void>
}

function instance(): Instance {
  const database = createDatabase(process.env.DATABASE_URL!, { max: 4 })
  const store = createDatabaseStore(database.db)
  const handlers = [
    ...createPayPalHandlers(() => store),
    ...createVirtFusionHandlers(OFFLINE_VIRTFUSION_API_URL, () => store),
  ]
  // This instance's own "msw server": its requests reach only its own handlers.
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const response = await getResponse(handlers, request)
    if (!response) throw new Error(`no fake for ${request.method} ${request.url}`)
    if (response.type === 'error') throw new TypeError('fetch failed')
    return response
  }
  return {
    db: database.db,
    store,
    controls: offlineControlsFor(store, { paypal: true, virtfusion: true }),
    providers: {
      paypal: createPayPalClient({
        baseUrl: PAYPAL_API_BASE,
        clientId: 'offline-client-id',
        clientSecret: 'offline-client-secret',
        webhookId: 'offline-webhook-id',
        timeoutMs: 5000,
        fetch,
      }),
      virtfusion: createVirtFusionClient({
        baseUrl: OFFLINE_VIRTFUSION_API_URL,
        token: 'offline-token',
        timeoutMs: 5000,
        fetch,
      }),
    },
    close: () => database.sql.end({ timeout: 5 }),
  }
}

const a = instance()
const b = instance()
afterAll(async () => {
  await a.close()
  await b.close()
})

let alice: TestUser
beforeEach(async () => {
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

const createOrder = (
  via: Instance,
  purpose: 'custom_credits' | 'virtfusion_tokens',
  cents: number,
) =>
  createTopupOrder(via.db, via.providers, {
    userId: alice.id,
    purpose,
    amountCents: cents,
    siteOrigin: TEST_SITE_ORIGIN,
  })

async function approve(via: Instance, orderId: string) {
  expect(await via.controls.approvePayPalOrder!(orderId)).toEqual({ orderId, status: 'APPROVED' })
}

const issueOf = (error: unknown) => (error instanceof PayPalApiError ? error.issue : error)

describe('two instances on one database see one PayPal', () => {
  it('an order created on A, approved on B and captured on A is credited once; B then sees it captured', async () => {
    const { orderId, topupId } = await createOrder(a, 'custom_credits', 2500)
    await approve(b, orderId)
    const captured = await captureTopup(a.db, a.providers, {
      userId: alice.id,
      orderId,
      purpose: 'custom_credits',
    })
    expect(captured.status).toBe('completed')

    await expect(
      captureTopup(b.db, b.providers, { userId: alice.id, orderId, purpose: 'custom_credits' }),
    ).rejects.toMatchObject({ code: 'ALREADY_CAPTURED' })
    expect((await b.providers.paypal.getOrder(orderId)).status).toBe('COMPLETED')
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect(await balanceCents(alice.id)).toBe(2500)
    expect((await topupById(topupId)).status).toBe('completed')
  })

  it('two captures of one order racing on A and B: PayPal captures once, the other is told ORDER_ALREADY_CAPTURED', async () => {
    for (let i = 0; i < 8; i++) {
      const { orderId } = await createOrder(a, 'custom_credits', 100 + i)
      await approve(b, orderId)
      const outcomes = await Promise.allSettled([
        a.providers.paypal.captureOrder(orderId, `race-a-${orderId}`),
        b.providers.paypal.captureOrder(orderId, `race-b-${orderId}`),
      ])
      const won = outcomes.filter((o) => o.status === 'fulfilled')
      const lost = outcomes.filter((o) => o.status === 'rejected')
      expect(won, `order ${i}`).toHaveLength(1)
      expect(lost.map((o) => issueOf(o.reason))).toEqual(['ORDER_ALREADY_CAPTURED'])
      const order = await a.store.get<FakeOrder>('paypal.order', orderId)
      expect(order?.captureRequestIds).toHaveLength(1)
    }
  })

  it('PayPal-Request-Id holds across instances: the same create or capture request id gives the same order and capture', async () => {
    const order = {
      amountCents: 1500,
      currency: 'USD' as const,
      customId: 'x',
      invoiceId: 'x',
      description: 'x',
      brandName: 'SkyPANEL',
      returnUrl: `${TEST_SITE_ORIGIN}/billing`,
      cancelUrl: `${TEST_SITE_ORIGIN}/billing`,
    }
    const requestId = `create-shared-${alice.id}`
    const [onA, onB] = await Promise.all([
      a.providers.paypal.createOrder({ ...order, requestId }),
      b.providers.paypal.createOrder({ ...order, requestId }),
    ])
    expect(onB.id).toBe(onA.id)
    const again = await b.providers.paypal.createOrder({ ...order, requestId })
    expect(again.id).toBe(onA.id)

    await approve(a, onA.id)
    const captureId = `capture-shared-${alice.id}`
    const [capturedA, capturedB] = await Promise.all([
      a.providers.paypal.captureOrder(onA.id, captureId),
      b.providers.paypal.captureOrder(onA.id, captureId),
    ])
    expect(firstCapture(capturedB)?.id).toBe(firstCapture(capturedA)!.id)
    expect((await a.store.get<FakeOrder>('paypal.order', onA.id))?.captureRequestIds).toEqual([
      captureId,
    ])
  })
})

describe('two instances on one database see one VirtFusion', () => {
  it('a token top-up created on A, approved on B, captured on A, delivered by both at once: one credit, completed', async () => {
    const { orderId, topupId } = await createOrder(a, 'virtfusion_tokens', 1200)
    await approve(b, orderId)
    const captured = await captureTopup(a.db, a.providers, {
      userId: alice.id,
      orderId,
      purpose: 'virtfusion_tokens',
    })
    expect(captured.status).toBe('captured')

    await Promise.all([
      deliverVirtFusionTokens(b.db, b.providers, topupId),
      runDueDeliveries(a.db, a.providers),
    ])
    expect((await topupById(topupId)).status).toBe('completed')
    const credits = await a.store.find<FakeCreditEntry>('virtfusion.credit', {
      extRelationId: alice.id,
    })
    expect(credits).toEqual([expect.objectContaining({ tokens: 1200, reference_1: topupId })])
    expect(await a.providers.virtfusion.getTokenBalance(alice.id)).toBe(1200)
    expect(await b.providers.virtfusion.getTokenBalance(alice.id)).toBe(1200)
  })

  it('a panel user created on A is found on B, a second create on B is refused; credits and cancellations add up on both', async () => {
    const ext = alice.id
    const [first, second] = await Promise.allSettled([
      a.providers.virtfusion.createUser({ name: 'Alice', email: alice.email, extRelationId: ext }),
      b.providers.virtfusion.createUser({ name: 'Alice', email: alice.email, extRelationId: ext }),
    ])
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected'])
    const created =
      first.status === 'fulfilled'
        ? first.value
        : second.status === 'fulfilled'
          ? second.value
          : null
    expect(await b.providers.virtfusion.findUserByExtRelationId(ext)).toEqual(
      expect.objectContaining({ id: created!.id }),
    )

    const [one, two] = await Promise.all([
      a.providers.virtfusion.addCredit(ext, { tokens: 300, reference1: 1, reference2: 'A' }),
      b.providers.virtfusion.addCredit(ext, { tokens: 500, reference1: 2, reference2: 'B' }),
    ])
    expect(one.creditId).not.toBe(two.creditId)
    expect(await a.providers.virtfusion.getTokenBalance(ext)).toBe(800)
    await b.providers.virtfusion.cancelCredit(one.creditId)
    expect(await a.providers.virtfusion.getTokenBalance(ext)).toBe(500)
    await expect(a.providers.virtfusion.cancelCredit(one.creditId)).rejects.toMatchObject({
      kind: 'not_found',
    })
  })

  it('an outage switched through B takes the panel down for A too, and back', async () => {
    await b.controls.setVirtFusionOutage!(true)
    try {
      await expect(a.providers.virtfusion.getTokenBalance(alice.id)).rejects.toMatchObject({
        kind: 'unreachable',
      })
    } finally {
      await b.controls.setVirtFusionOutage!(false)
    }
    await expect(a.providers.virtfusion.findUserByExtRelationId(alice.id)).resolves.toBeNull()
  })
})

describe('the /api/dev approve route over the shared PayPal', () => {
  it('approves the owner’s order, and answers 409 (not 500) once the order is captured', async () => {
    registerOfflineControls(
      offlineControlsFor(createDatabaseStore(db), { paypal: true, virtfusion: false }),
    )
    try {
      const { orderId } = await createOrder(a, 'custom_credits', 900)
      const call = () =>
        invoke(devApproveRoute.action, `/api/dev/paypal/orders/${orderId}/approve`, {
          method: 'POST',
          cookie: alice.cookie,
          params: { orderId },
        })
      const approved = await call()
      expect(approved.status).toBe(200)
      expect(await approved.json()).toEqual({ orderId, status: 'APPROVED' })
      await captureTopup(b.db, b.providers, {
        userId: alice.id,
        orderId,
        purpose: 'custom_credits',
      })

      const late = await call()
      expect(late.status).toBe(409)
      expect(((await late.json()) as { error: { code: string } }).error.code).toBe('CONFLICT')
    } finally {
      registerOfflineControls({ approvePayPalOrder: undefined, setVirtFusionOutage: undefined })
    }
  })
})
