import { describe, expect, it } from 'vitest'
import { pageHref } from './pagination.tsx'

describe('pageHref', () => {
  const location = {
    pathname: '/billing/transactions',
    search: '?type=debit&page=2&from=2026-01-01',
  }

  it('keeps every other parameter', () => {
    expect(pageHref(location, 3)).toBe('/billing/transactions?type=debit&page=3&from=2026-01-01')
  })

  it('drops the parameter for page 1', () => {
    expect(pageHref(location, 1)).toBe('/billing/transactions?type=debit&from=2026-01-01')
    expect(pageHref({ pathname: '/x', search: '?page=2' }, 1)).toBe('/x')
  })

  it('uses the given parameter name', () => {
    expect(pageHref({ pathname: '/x', search: '' }, 2, 'p')).toBe('/x?p=2')
  })
})
