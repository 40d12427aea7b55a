import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  apiCaptureOrder,
  apiCreateOrder,
  balanceCents,
  clearRateLimits,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupByOrder,
  type Purpose,
  type Via,
} from '#tests/helpers/payments.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'

/**
 * The amount a checkout shows comes from the server: createOrder answers with the amount it
 * recorded, and a capture charges what that order says, whatever the page shows by then
 * (issue #12: a $5.00 order approved while the page said $50.00 charged $5.00).
 */

type Created = {
  orderId: string
  amount: { cents: number; formatted: string }
  tokens: number | null
}

let alice: TestUser

beforeAll(() => resetVirtFusionFake())

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice Amount' })
})

const COMBINATIONS: [Via, Purpose][] = [
  ['trpc', 'custom_credits'],
  ['trpc', 'virtfusion_tokens'],
  ['rest', 'custom_credits'],
  ['rest', 'virtfusion_tokens'],
]

describe('createOrder answers with the amount the server recorded', () => {
  it.each(COMBINATIONS)('over %s (%s)', async (via, purpose) => {
    const created = await apiCreateOrder(via, alice, purpose, { amount: '5.00' })
    expect(created.error).toBeNull()
    const data = created.data as Created
    expect(data.amount).toEqual({ cents: 500, formatted: '$5.00' })
    expect(data.tokens).toBe(purpose === 'virtfusion_tokens' ? 500 : null)
    const topup = await topupByOrder(data.orderId)
    expect(topup.amountCents).toBe(data.amount.cents)
    expect(paypalFake.order(data.orderId)!.unit.amount.value).toBe('5.00')
  })
})

describe('a capture charges what its order says', () => {
  it.each(['trpc', 'rest'] as Via[])(
    'over %s: a $5.00 order and then a $50.00 order; each capture charges and credits its own amount',
    async (via) => {
      const small = (await apiCreateOrder(via, alice, 'custom_credits', { amount: '5.00' }))
        .data as Created
      const large = (await apiCreateOrder(via, alice, 'custom_credits', { amount: '50.00' }))
        .data as Created
      paypalFake.approve(small.orderId)
      paypalFake.approve(large.orderId)

      // Capturing the older order (the page's stale one) charges $5.00, not the newer amount.
      const first = await apiCaptureOrder(via, alice, 'custom_credits', {
        orderId: small.orderId,
        amount: '50.00',
      })
      expect(first.error).toBeNull()
      expect(first.data).toMatchObject({ amount: { cents: 500 }, balance: { cents: 500 } })
      expect(paypalFake.order(small.orderId)!.capture!.amount.value).toBe('5.00')
      expect(await balanceCents(alice.id)).toBe(500)

      const second = await apiCaptureOrder(via, alice, 'custom_credits', { orderId: large.orderId })
      expect(second.data).toMatchObject({ amount: { cents: 5000 }, balance: { cents: 5500 } })
      expect(paypalFake.order(large.orderId)!.capture!.amount.value).toBe('50.00')
      expect(await balanceCents(alice.id)).toBe(5500)
    },
  )
})
