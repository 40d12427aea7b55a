import { describe, expect, it } from 'vitest'
import { zAmount } from './money-schema.ts'
import {
  centsToDecimal,
  formatCents,
  parseDecimalToCents,
  quoteFractionalNumbers,
} from './money.ts'

describe('parseDecimalToCents', () => {
  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['0.01', 1],
    ['0.29', 29],
    ['1000.00', 100000],
    ['12.500', 1250],
    ['999999999999.99', 99999999999999],
  ])('%s → %i cents', (text, cents) => {
    expect(parseDecimalToCents(text)).toEqual({ ok: true, cents })
  })

  it.each([
    '',
    '12.345',
    '1e3',
    '1E3',
    '-5',
    '+5',
    '12.',
    '.5',
    '0x10',
    'abc',
    '1,000',
    ' 1',
    '12.3.4',
    '01.00',
    'NaN',
    'Infinity',
  ])('refuses %j', (text) => {
    expect(parseDecimalToCents(text).ok).toBe(false)
  })

  it.each([
    ['1e3', /Exponent notation/],
    ['2.5E-1', /Exponent notation/],
    ['five', /decimal number like 12\.34/],
    ['12e', /decimal number like 12\.34/],
    ['Infinity', /decimal number like 12\.34/],
  ])('says why %j is refused', (text, message) => {
    const result = parseDecimalToCents(text)
    expect(result.ok ? null : result.message).toMatch(message)
  })
})

describe('zAmount', () => {
  const schema = zAmount({ min: 100, max: 100000 })
  it.each([
    [12.34, 1234],
    ['12.34', 1234],
    // 1.15 * 100 is 114.99999999999999 in floating point; parsed from text it is 115.
    [1.15, 115],
    [1000, 100000],
    ['1', 100],
  ])('%j → %i', (input, cents) => {
    expect(schema.parse(input)).toBe(cents)
  })

  it.each([
    0,
    -1,
    '0',
    '0.00',
    12.345,
    NaN,
    Infinity,
    -Infinity,
    '',
    ' ',
    'ten',
    [],
    {},
    [5],
    { value: 5 },
    null,
    true,
    0.99,
    1000.01,
    '1e2',
  ])('refuses %j', (input) => {
    expect(schema.safeParse(input).success).toBe(false)
  })
})

describe('formatting', () => {
  it('formats cents exactly, including negatives and grouping', () => {
    expect(formatCents(2500)).toBe('$25.00')
    expect(formatCents(-500)).toBe('-$5.00')
    expect(formatCents(123456789)).toBe('$1,234,567.89')
    expect(centsToDecimal(-1)).toBe('-0.01')
    expect(centsToDecimal(100000)).toBe('1000.00')
  })
})

describe('quoteFractionalNumbers', () => {
  it('keeps the text of fractional and exponent numbers and leaves the rest alone', () => {
    const input =
      '{"amount": 12.340, "n": 5, "e": 1e3, "neg": -0.5, "s": "1.5 \\" 2.5", "a": [1, 2.25]}'
    expect(JSON.parse(quoteFractionalNumbers(input))).toEqual({
      amount: '12.340',
      n: 5,
      e: '1e3',
      neg: '-0.5',
      s: '1.5 " 2.5',
      a: [1, '2.25'],
    })
  })

  it('leaves invalid JSON invalid', () => {
    expect(() => JSON.parse(quoteFractionalNumbers('{"a": 1.5')) as unknown).toThrow()
  })
})
