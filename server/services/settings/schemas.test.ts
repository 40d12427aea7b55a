import { describe, expect, it } from 'vitest'
import {
  logoContentTypeOf,
  SETTINGS_LIMITS,
  updateSettingsInput,
  zLogo,
  zThreshold,
  ZUpdateSettingsInput,
} from './schemas.ts'

const REASON = 'Rebranding'
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64')
const png = (size: number) => [...PNG, ...Array<number>(size - PNG.length).fill(7)]

/** The messages of a failed parse, by field. */
function errors(input: Record<string, unknown>, schema = ZUpdateSettingsInput) {
  const result = schema.safeParse({ reason: REASON, ...input })
  expect(result.success).toBe(false)
  const byField: Record<string, string[]> = {}
  for (const issue of result.error!.issues)
    (byField[String(issue.path[0])] ??= []).push(issue.message)
  return byField
}
const parsed = (input: Record<string, unknown>, schema = ZUpdateSettingsInput) =>
  schema.parse({ reason: REASON, ...input })

describe('updateSettingsInput', () => {
  it('absent fields stay absent (unchanged); empty text and null mean the default', () => {
    expect(parsed({ companyName: 'Sky Hosting Ltd' })).toEqual({
      companyName: 'Sky Hosting Ltd',
      reason: REASON,
    })
    expect(
      parsed({ companyName: '  ', creditsSymbol: '', taxId: null, supportEmail: ' ' }),
    ).toMatchObject({ companyName: null, creditsSymbol: null, taxId: null, supportEmail: null })
  })

  it('trims text and takes it at the limits, one character more is refused with its bound', () => {
    const { creditsDisplayNameMax: nameMax, creditsSymbolMax: symbolMax } = SETTINGS_LIMITS
    expect(
      parsed({
        creditsDisplayName: ` ${'N'.repeat(nameMax)} `,
        creditsSymbol: 'S'.repeat(symbolMax),
      }),
    ).toMatchObject({
      creditsDisplayName: 'N'.repeat(nameMax),
      creditsSymbol: 'S'.repeat(symbolMax),
    })
    expect(
      errors({
        creditsDisplayName: 'N'.repeat(nameMax + 1),
        creditsSymbol: 'S'.repeat(symbolMax + 1),
      }),
    ).toEqual({
      creditsDisplayName: [`Credits display name must be at most ${nameMax} characters`],
      creditsSymbol: [`Credits symbol must be at most ${symbolMax} characters`],
    })
    expect(errors({ companyName: 'C'.repeat(SETTINGS_LIMITS.companyNameMax + 1) })).toEqual({
      companyName: [`Company name must be at most ${SETTINGS_LIMITS.companyNameMax} characters`],
    })
  })

  it('the limits are the builder’s: a smaller symbol bound applies', () => {
    const narrow = updateSettingsInput({ ...SETTINGS_LIMITS, creditsSymbolMax: 2 })
    expect(parsed({ creditsSymbol: 'SC' }, narrow)).toMatchObject({ creditsSymbol: 'SC' })
    expect(errors({ creditsSymbol: 'SCC' }, narrow)).toEqual({
      creditsSymbol: ['Credits symbol must be at most 2 characters'],
    })
  })

  it('line breaks only in the address; control characters nowhere', () => {
    expect(parsed({ companyAddress: '1 Main St\nSpringfield' })).toMatchObject({
      companyAddress: '1 Main St\nSpringfield',
    })
    expect(errors({ companyName: 'Sky\nHosting', creditsSymbol: 'S\u0007' })).toEqual({
      companyName: ['Company name must not contain control characters'],
      creditsSymbol: ['Credits symbol must not contain control characters'],
    })
  })

  it('a bad support email, wrong types, unknown fields and a missing reason are refused', () => {
    expect(errors({ supportEmail: 'not-an-address' })).toEqual({
      supportEmail: ['Enter a valid support email address'],
    })
    expect(errors({ companyName: 42 }).companyName).toBeDefined()
    const unknown = ZUpdateSettingsInput.safeParse({ reason: REASON, version: 3 })
    expect(unknown.error?.issues.map((issue) => issue.code)).toEqual(['unrecognized_keys'])
    const noReason = ZUpdateSettingsInput.safeParse({ companyName: 'Sky' })
    expect(noReason.error?.issues.map((issue) => issue.path)).toEqual([['reason']])
  })
})

describe('zThreshold: money from decimal text', () => {
  const threshold = zThreshold(10_000)

  it('parses decimal text (and a JSON number through its text) to integer cents', () => {
    expect(threshold.parse('5')).toBe(500)
    expect(threshold.parse(' 12.50 ')).toBe(1_250)
    expect(threshold.parse('0.1')).toBe(10)
    expect(threshold.parse(12.5)).toBe(1_250)
    expect(threshold.parse('0')).toBe(0)
    expect(threshold.parse('100.00')).toBe(10_000)
    expect(threshold.parse('')).toBeNull()
  })

  it.each([
    ['-1.00', 'Amount must be positive, e.g. 5.00'],
    ['5.555', 'Amount can have at most two decimal places, e.g. 5.00'],
    ['1e3', 'Exponent notation is not accepted; write the amount like 12.34, e.g. 5.00'],
    ['abc', 'Amount must be a decimal number like 12.34, e.g. 5.00'],
    ['100.01', 'The low-balance threshold must be from $0.00 to $100.00'],
  ])('%s is refused: %s', (text, message) => {
    expect(threshold.safeParse(text).error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('through the whole input, each message reaches its field (null is the default)', () => {
    expect(parsed({ lowBalanceDefault: null })).toMatchObject({ lowBalanceDefault: null })
    expect(parsed({ lowBalanceDefault: '7.50' })).toMatchObject({ lowBalanceDefault: 750 })
    expect(errors({ lowBalanceDefault: '-1.00' })).toEqual({
      lowBalanceDefault: ['Amount must be positive, e.g. 5.00'],
    })
  })

  it('a value neither text nor number says the range', () => {
    expect(threshold.safeParse(true).error?.issues[0]?.message).toBe(
      'The low-balance threshold must be from $0.00 to $100.00',
    )
  })
})

describe('zLogo', () => {
  const logo = zLogo(1024)

  it('takes a PNG or JPEG by its signature, up to the size limit', () => {
    expect(logo.parse(base64(png(1024)))).toMatchObject({ contentType: 'image/png' })
    expect(logo.parse(base64([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toMatchObject({
      contentType: 'image/jpeg',
    })
    expect(logoContentTypeOf(Uint8Array.from(PNG))).toBeNull() // the signature alone is no image
  })

  it.each([
    ['one byte over the limit', base64(png(1025)), 'The logo must be at most 1 KB'],
    ['far over the limit', 'A'.repeat(4_000), 'The logo must be at most 1 KB'],
    [
      'a GIF',
      base64([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0]),
      'The logo must be a PNG or JPEG image',
    ],
    ['not base64', 'not base64!', 'The logo must be sent as base64 text'],
    ['empty', '', 'The logo must be sent as base64 text'],
  ])('%s is refused', (_case, text, message) => {
    expect(logo.safeParse(text).error?.issues.map((issue) => issue.message)).toEqual([message])
  })

  it('null removes the logo; the default limit is 200 KB', () => {
    expect(parsed({ logo: null })).toMatchObject({ logo: null })
    expect(errors({ logo: base64(png(SETTINGS_LIMITS.logoMaxBytes + 1)) })).toEqual({
      logo: ['The logo must be at most 200 KB'],
    })
  })
})
