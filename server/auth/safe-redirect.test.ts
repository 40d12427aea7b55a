import { describe, expect, it } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
  it.each([
    ['/billing?tab=credits', '/billing?tab=credits'],
    ['/admin/users/7#credits', '/admin/users/7#credits'],
    ['/.//evil.example', '/.//evil.example'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\\/evil.example/', '/'],
    ['https://evil.example', '/'],
    ['/\t/evil.example/', '/'],
    ['/\r/evil.example/', '/'],
    ['/\n/evil.example/', '/'],
    ['/\r\n/evil.example/', '/'],
    ['\t//evil.example/', '/'],
    ['/\u0000/evil.example/', '/'],
    ['/\u007f/evil.example/', '/'],
    ['/\u001b/evil.example/', '/'],
    ['/billing\r\nSet-Cookie: planted=1', '/'],
    ['', '/'],
    [null, '/'],
    [42, '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })

  it('what it accepts, a browser resolves to this site', () => {
    for (const to of ['/a', '/.//evil.example', '/%2F%2Fevil.example', '/%09/evil.example/']) {
      const accepted = safeRedirect(to)
      expect(new URL(accepted, 'https://panel.example.com').origin).toBe(
        'https://panel.example.com',
      )
    }
  })
})
