import { sql } from 'drizzle-orm'
import { delay, http } from 'msw'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import {
  apiCaptureOrder,
  approvedOrder,
  balanceCents,
  clearRateLimits,
  creditEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { mockServer } from '#tests/mocks/server.ts'

/**
 * Rows a killed process leaves behind (issue #11): a top-up recorded but never given its
 * PayPal order id, and a capture claim whose request died. Reconciliation reclaims both.
 */

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

/** Counts the capture calls PayPal receives. */
let captureCalls = 0
const countCaptures = ({ request }: { request: Request }) => {
  if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/capture')) {
    captureCalls++
  }
}
beforeEach(() => {
  captureCalls = 0
  mockServer.events.on('request:start', countCaptures)
})
afterEach(() => {
  mockServer.events.removeListener('request:start', countCaptures)
})

/** The state a process killed between the insert and storing the PayPal order id leaves. */
async function orderlessTopup(minutesAgo: number): Promise<number> {
  const [row] = await db
    .insert(topups)
    .values({
      userId: alice.id,
      purpose: 'custom_credits',
      amountCents: 1500,
      createdAt: sql`now() - make_interval(mins => ${minutesAgo})`,
      updatedAt: sql`now() - make_interval(mins => ${minutesAgo})`,
    })
    .returning({ id: topups.id })
  return row!.id
}

/** The state a capture request killed after claiming leaves: capturing, claimed long ago. */
async function abandonClaim(topupId: number, minutesAgo = 3) {
  await db.execute(
    sql`update topups set status = 'capturing', claimed_at = now() - make_interval(mins => ${minutesAgo}) where id = ${topupId}`,
  )
}

describe('a top-up whose process died before it stored the PayPal order id', () => {
  it('is failed after 15 minutes with the reason (no order: nothing was charged); a younger one is a create still in flight', async () => {
    const stuck = await orderlessTopup(16)
    const inFlight = await orderlessTopup(1)

    const report = await reconcileTopups(db, getProviders())
    expect(report).toMatchObject({ orderless: 1, errors: 0 })
    expect(await topupById(stuck)).toMatchObject({
      status: 'failed',
      failureReason:
        'The checkout stopped before the PayPal order was recorded; nothing was charged.',
    })
    expect((await topupById(inFlight)).status).toBe('created')
    expect(await creditEntries(alice.id)).toHaveLength(0)
    expect(await reconcileTopups(db, getProviders())).toMatchObject({ orderless: 0 })
  })
})

describe('a capture claim whose request died', () => {
  it('on an order the buyer approved (the request died before PayPal): captured once with the claim’s request id, credited', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 2100)
    await abandonClaim(topupId)

    expect(await reconcileTopups(db, getProviders())).toMatchObject({ recaptured: 1, errors: 0 })
    expect(await topupById(topupId)).toMatchObject({ status: 'completed', claimedAt: null })
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-0`])
    expect(await balanceCents(alice.id)).toBe(2100)
  })

  it('two reconcilers (two processes) at once: one takes the claim over, PayPal sees one capture call, one credit', async () => {
    const { topupId } = await approvedOrder(alice.id, 'custom_credits', 1700)
    await abandonClaim(topupId)
    // PayPal answers slowly, so both reconcilers look at the claim before either has settled it.
    mockServer.use(
      ...paypalFake.hosts.map((host) =>
        http.all(`${host}/v2/checkout/orders/*`, async () => {
          await delay(300)
          return undefined
        }),
      ),
    )

    const reports = await Promise.all([
      reconcileTopups(db, getProviders()),
      reconcileTopups(db, getProviders()),
    ])
    expect(reports.map((r) => r.recaptured).sort()).toEqual([0, 1])
    expect(captureCalls).toBe(1)
    expect(await creditEntries(alice.id)).toHaveLength(1)
    expect((await topupById(topupId)).status).toBe('completed')
  })

  it('whose capture PayPal declines: given back with a new capture attempt, so the buyer’s next funding source is a new PayPal request', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 1300)
    paypalFake.declineNextCapture(orderId)
    await abandonClaim(topupId)

    expect(await reconcileTopups(db, getProviders())).toMatchObject({
      recaptured: 0,
      releasedClaims: 1,
      errors: 0,
    })
    expect(await topupById(topupId)).toMatchObject({
      status: 'created',
      claimedAt: null,
      captureAttempt: 1,
    })

    const retry = await apiCaptureOrder('rest', alice, 'custom_credits', { orderId })
    expect(retry.data?.status).toBe('completed')
    expect(paypalFake.order(orderId)?.captureRequestIds).toEqual([`capture-topup-${topupId}-1`])
    expect(await balanceCents(alice.id)).toBe(1300)
  })

  it('PayPal unreachable while settling it: counted as an error and given back; the buyer’s retry completes it', async () => {
    const { orderId, topupId } = await approvedOrder(alice.id, 'custom_credits', 800)
    await abandonClaim(topupId)
    paypalFake.failNext('get', 'server_error')

    expect(await reconcileTopups(db, getProviders())).toMatchObject({ recaptured: 0, errors: 1 })
    expect(await topupById(topupId)).toMatchObject({ status: 'created', claimedAt: null })
    const retry = await apiCaptureOrder('trpc', alice, 'custom_credits', { orderId })
    expect(retry.data?.status).toBe('completed')
    expect(await creditEntries(alice.id)).toHaveLength(1)
  })
})
