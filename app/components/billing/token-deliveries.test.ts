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
  it.each([
    ['a delivery pending for 5 s', 'pending', at(5_000), DELIVERY_POLL_MS],
    // A loader-serialized date (string) counts the same.
    ['the same with a string date', 'pending', at(5_000).toISOString(), DELIVERY_POLL_MS],
    ['a delivered entry', 'delivered', at(0), IDLE_POLL_MS],
    ['a delivery pending too long', 'pending', at(DELIVERY_POLL_WINDOW_MS + 1), IDLE_POLL_MS],
  ])('%s', (_, status, createdAt, interval) => {
    expect(deliveryPollInterval([{ tokens: 1000, status, createdAt }], NOW)).toBe(interval)
  })

  it('polls at the page interval when there is no token history', () => {
    expect(deliveryPollInterval([], NOW)).toBe(IDLE_POLL_MS)
  })
})
