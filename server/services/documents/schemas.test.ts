import { describe, expect, it } from 'vitest'
import { ZDocumentId, ZListDocumentsQuery } from './schemas.ts'

describe('ZDocumentId', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    ['2147483647', 2_147_483_647],
    [7, 7],
    [2_147_483_647, 2_147_483_647],
  ])('accepts %j as %d', (input, id) => {
    expect(ZDocumentId.parse(input)).toBe(id)
  })

  it.each([
    '1e3',
    '0x10',
    '0b1',
    '007',
    ' 7',
    '7 ',
    '+7',
    '-7',
    '0',
    '1.0',
    '1.5',
    '',
    'Infinity',
    'NaN',
    '2147483648',
    '99999999999',
    '１２', // full-width digits
    0,
    -1,
    1.5,
    2_147_483_648,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    null,
    [],
  ])('refuses %j with a message that says what an id is', (input) => {
    const result = ZDocumentId.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => i.message)).toContain(
      'A document id is a whole number from 1 to 2147483647, in plain digits',
    )
  })
})

describe('ZListDocumentsQuery', () => {
  it('reads a query string strictly and defaults the page size', () => {
    expect(ZListDocumentsQuery.parse({ cursor: '12' })).toEqual({ cursor: 12, limit: 25 })
    expect(ZListDocumentsQuery.parse({ limit: '100', kind: 'invoice' })).toEqual({
      limit: 100,
      kind: 'invoice',
    })
    expect(ZListDocumentsQuery.safeParse({ cursor: '1e3' }).success).toBe(false)
    expect(ZListDocumentsQuery.safeParse({ limit: '1e1' }).success).toBe(false)
    expect(ZListDocumentsQuery.safeParse({ limit: '101' }).success).toBe(false)
  })
})
