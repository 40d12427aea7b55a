import { describe, expect, it } from 'vitest'
import type { PublicEnv } from '#app/lib/public-env.ts'
import { topUpFor } from './top-up.ts'

const env = { purchaseMinCents: 500, purchaseMaxCents: 100_000 } as PublicEnv

describe('topUpFor', () => {
  it('prefills the shortfall as a decimal amount on /billing', () => {
    expect(topUpFor(1234, env)).toEqual({
      cents: 1234,
      formatted: '$12.34',
      href: '/billing?tab=credits&amount=12.34',
      note: null,
    })
  })

  it('rounds up to the minimum top-up and caps at the maximum, saying so', () => {
    expect(topUpFor(30, env)).toMatchObject({
      cents: 500,
      href: '/billing?tab=credits&amount=5.00',
    })
    expect(topUpFor(30, env).note).toBe('The minimum top-up is $5.00.')
    expect(topUpFor(250_000, env)).toMatchObject({
      cents: 100_000,
      note: 'A single top-up is at most $1,000.00.',
    })
    // Never below $1.00, whatever the configuration says.
    expect(topUpFor(1, { ...env, purchaseMinCents: 0 }).cents).toBe(100)
  })
})
