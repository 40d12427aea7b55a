import { describe, expect, it } from 'vitest'
import { isCrossOriginMutation } from './origin.ts'

const base = { requestOrigin: 'http://localhost:3000', authorization: null }

describe('isCrossOriginMutation', () => {
  it.each([
    [{ method: 'POST', origin: 'https://evil.example' }, true],
    [{ method: 'DELETE', origin: 'null' }, true],
    [{ method: 'POST', origin: 'http://localhost:3000' }, false],
    [{ method: 'POST', origin: null }, false],
    [{ method: 'GET', origin: 'https://evil.example' }, false],
  ])('%o → %s', (input, expected) => {
    expect(isCrossOriginMutation({ ...base, ...input })).toBe(expected)
  })

  it('exempts bearer-token requests, which carry no ambient credentials', () => {
    expect(
      isCrossOriginMutation({
        ...base,
        method: 'POST',
        origin: 'https://evil.example',
        authorization: 'Bearer x',
      }),
    ).toBe(false)
  })
})
