import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as devApproveRoute from '#app/routes/api.dev.paypal.orders.$orderId.approve.ts'
import { invoke } from '#tests/helpers/http.ts'
import {
  apiCaptureOrder,
  apiCreateOrder,
  approvedOrder,
  clearRateLimits,
  creditEntries,
  readRest,
  readTrpc,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
  topupCount,
  type Purpose,
  type Via,
} from '#tests/helpers/payments.ts'
import { trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/** Who may start and finish a top-up, who may see and retry payments, and how often. */

let admin: TestUser
let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Payments Admin' })
  alice = await createTestUser({ name: 'Alice' })
})

const COMBINATIONS: [Via, Purpose][] = [
  ['trpc', 'custom_credits'],
  ['trpc', 'virtfusion_tokens'],
  ['rest', 'custom_credits'],
  ['rest', 'virtfusion_tokens'],
]

describe('authentication', () => {
  it.each(COMBINATIONS)(
    'anonymous create and capture over %s (%s): 401, no top-up, no PayPal call',
    async (via, purpose) => {
      const create = await apiCreateOrder(via, null, purpose, { amount: '25.00' })
      expect(create.status).toBe(401)
      expect(create.error?.code).toBe('UNAUTHENTICATED')

      const { orderId, topupId } = await approvedOrder(alice.id, purpose, 2500)
      const capture = await apiCaptureOrder(via, null, purpose, { orderId })
      expect(capture.status).toBe(401)
      expect(capture.error?.code).toBe('UNAUTHENTICATED')

      expect(paypalFake.orders()).toHaveLength(1)
      expect(paypalFake.order(orderId)?.capture).toBeNull()
      expect((await topupById(topupId)).status).toBe('created')
      expect(await creditEntries(alice.id)).toHaveLength(0)
    },
  )

  it.each(COMBINATIONS)(
    'an invalid session cookie over %s (%s) is anonymous: 401',
    async (via, purpose) => {
      const forged = { cookie: `${alice.cookie.split('=')[0]}=not-a-session` }
      expect((await apiCreateOrder(via, forged, purpose, { amount: '25.00' })).status).toBe(401)
      expect(await topupCount(alice.id)).toBe(0)
    },
  )

  it('a cookie-authenticated create from another origin: 403, nothing created', async () => {
    const response = await trpcMutation(
      'customCredits.createOrder',
      { amount: '25.00' },
      { cookie: alice.cookie, origin: 'https://evil.example' },
    )
    expect(response.status).toBe(403)
    expect((await readTrpc(response)).error?.code).toBe('CROSS_ORIGIN_REQUEST')
    expect(await topupCount(alice.id)).toBe(0)
    expect(paypalFake.orders()).toHaveLength(0)
  })
})

describe('admin payment procedures', () => {
  it('admin.payments.list: anonymous 401, user 403, admin 200', async () => {
    expect((await trpcQuery('admin.payments.list', {})).status).toBe(401)
    expect((await trpcQuery('admin.payments.list', {}, alice.cookie)).status).toBe(403)
    expect((await trpcQuery('admin.payments.list', {}, admin.cookie)).status).toBe(200)
  })

  it('admin.payments.retry: anonymous 401, user 403 (nothing happens), admin reaches the service', async () => {
    const { topupId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    const retry = (user?: TestUser) =>
      trpcMutation('admin.payments.retry', { topupId }, { cookie: user?.cookie })
    expect((await retry()).status).toBe(401)
    const asUser = await readTrpc(await retry(alice))
    expect(asUser.status).toBe(403)
    expect(asUser.error?.code).toBe('FORBIDDEN')
    expect(paypalFake.order((await topupById(topupId)).paypalOrderId!)?.capture).toBeNull()
    // For an admin, a created top-up is re-checked against PayPal (approved, not captured).
    expect((await retry(admin)).status).toBe(200)
    expect((await topupById(topupId)).status).toBe('created')
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })

  it.each([
    ['admin.virtfusion.get', 'query'],
    ['admin.virtfusion.link', 'mutation'],
    ['admin.virtfusion.addTokens', 'mutation'],
    ['admin.virtfusion.cancelCredit', 'mutation'],
  ] as const)('%s: anonymous 401, user 403', async (path, kind) => {
    const input =
      path === 'admin.virtfusion.addTokens'
        ? { userId: alice.id, tokens: 100, reason: 'matrix check' }
        : path === 'admin.virtfusion.cancelCredit'
          ? { userId: alice.id, tokenTransactionId: 1, reason: 'matrix check' }
          : { userId: alice.id }
    const call = (user?: TestUser) =>
      kind === 'query'
        ? trpcQuery(path, input, user?.cookie)
        : trpcMutation(path, input, { cookie: user?.cookie })
    expect((await call()).status).toBe(401)
    expect((await call(alice)).status).toBe(403)
  })
})

describe('the offline-mode approve route', () => {
  it('answers 404 when no simulated provider registered its controls (as in tests and production)', async () => {
    const { orderId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    const path = `/api/dev/paypal/orders/${orderId}/approve`
    const call = (cookie?: string) =>
      invoke(devApproveRoute.action, path, { method: 'POST', cookie, params: { orderId } })

    expect((await call()).status).toBe(401)
    const asUser = await readRest(await call(alice.cookie))
    expect(asUser.status).toBe(404)
    expect(asUser.error?.code).toBe('NOT_FOUND')
  })
})

describe('rate limits', () => {
  it('the 11th createOrder within a minute for one user is 429 (tRPC and REST share the limit)', async () => {
    for (let i = 0; i < 10; i++) {
      const via: Via = i % 2 === 0 ? 'trpc' : 'rest'
      const purpose: Purpose = i % 3 === 0 ? 'virtfusion_tokens' : 'custom_credits'
      const created = await apiCreateOrder(via, alice, purpose, { amount: '5.00' })
      expect(created.status, `create #${i + 1}`).toBe(200)
    }
    for (const via of ['trpc', 'rest'] as const) {
      const limited = await apiCreateOrder(via, alice, 'custom_credits', { amount: '5.00' })
      expect(limited.status).toBe(429)
      expect(limited.error?.code).toBe('RATE_LIMITED')
    }
    expect(await topupCount(alice.id)).toBe(10)
    expect(paypalFake.orders()).toHaveLength(10)

    // Another user (same IP) is not affected by Alice's limit.
    const bob = await createTestUser({ name: 'Bob' })
    expect((await apiCreateOrder('trpc', bob, 'custom_credits', { amount: '5.00' })).status).toBe(
      200,
    )
  })

  it('the 31st capture within a minute for one user is 429', async () => {
    for (let i = 0; i < 30; i++) {
      const miss = await apiCaptureOrder('trpc', alice, 'custom_credits', {
        orderId: `ORDER-NONE-${i}`,
      })
      expect(miss.status, `capture #${i + 1}`).toBe(404)
    }
    const { orderId } = await approvedOrder(alice.id, 'custom_credits', 2500)
    const limited = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
    expect(limited.status).toBe(429)
    expect(paypalFake.order(orderId)?.capture).toBeNull()
    expect(await creditEntries(alice.id)).toHaveLength(0)
  })
})
