import { describe, expect, it } from 'vitest'
import { ZUpdateMailPreferencesInput } from './mail-preferences.ts'

const threshold = (lowBalanceThreshold: unknown) =>
  ZUpdateMailPreferencesInput.safeParse({ enabled: [], lowBalanceThreshold })

describe('the low-balance threshold as typed on the settings page', () => {
  it.each([
    ['10.00', 1000],
    [' 12.5 ', 1250],
    ['0', 0],
    ['1000000.00', 100_000_000],
    ['', null],
    [null, null],
  ])('%j is %j cents (empty: the default)', (input, cents) => {
    expect(threshold(input)).toMatchObject({ success: true, data: { lowBalanceThreshold: cents } })
  })

  it.each([
    ['-1', 'Threshold must be an amount from $0.00 to $1,000,000.00'],
    ['1000000.01', 'Threshold must be an amount from $0.00 to $1,000,000.00'],
    ['abc', 'Amount must be a decimal number like 12.34'],
    ['1e3', 'Exponent notation is not accepted; write the amount like 12.34'],
    ['1.234', 'Amount can have at most two decimal places'],
    ['12,50', 'Amount must be a decimal number like 12.34'],
  ])('%j is refused on its field: %s', (input, message) => {
    const result = threshold(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['lowBalanceThreshold'], message }),
    ])
  })
})
