import { describe, expect, it } from 'vitest'
import {
  DELIVERY_POLL_MS,
  DELIVERY_POLL_WINDOW_MS,
  deliveryPollInterval,
  IDLE_POLL_MS,
  pendingDeliveryTokens,
} from './token-deliveries.ts'

const NOW = Date.parse('2026-11-30T12:00:00Z')
const at = (msAgo: number) => new Date(NOW - msAgo)

describe('pendingDeliveryTokens', () => {
  it('adds the tokens of pending positive entries only', () => {
    expect(
      pendingDeliveryTokens([
        { tokens: 1000, status: 'pending', createdAt: at(0) },
        { tokens: 250, status: 'pending', createdAt: at(0) },
        { tokens: 500, status: 'delivered', createdAt: at(0) },
        { tokens: -300, status: 'pending', createdAt: at(0) },
        { tokens: 700, status: 'review', createdAt: at(0) },
      ]),
    ).toBe(1250)
    expect(pendingDeliveryTokens([])).toBe(0)
  })
})

describe('deliveryPollInterval', () => {
  it('polls fast while a recent delivery is pending', () => {
    expect(
      deliveryPollInterval([{ tokens: 1000, status: 'pending', createdAt: at(5_000) }], NOW),
    ).toBe(DELIVERY_POLL_MS)
    // A loader-serialized date (string) counts the same.
    expect(
      deliveryPollInterval(
        [{ tokens: 1000, status: 'pending', createdAt: at(5_000).toISOString() }],
        NOW,
      ),
    ).toBe(DELIVERY_POLL_MS)
  })

  it('falls back to the page interval when nothing is pending or the pending one is old', () => {
    expect(
      deliveryPollInterval([{ tokens: 1000, status: 'delivered', createdAt: at(0) }], NOW),
    ).toBe(IDLE_POLL_MS)
    expect(
      deliveryPollInterval(
        [{ tokens: 1000, status: 'pending', createdAt: at(DELIVERY_POLL_WINDOW_MS + 1) }],
        NOW,
      ),
    ).toBe(IDLE_POLL_MS)
    expect(deliveryPollInterval([], NOW)).toBe(IDLE_POLL_MS)
  })
})
