import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable, isUniqueViolation, pgErrorOf } from './errors.ts'

describe('database error classification', () => {
  it('finds the PostgreSQL error under Drizzle wrappers', () => {
    const wrapped = new Error('Failed query', { cause: { code: '23505', constraint_name: 'k' } })
    expect(pgErrorOf(wrapped)).toMatchObject({ code: '23505' })
    expect(isUniqueViolation(wrapped, 'k')).toBe(true)
    expect(isUniqueViolation(wrapped, 'other')).toBe(false)
  })

  it.each(['ECONNREFUSED', 'CONNECTION_CLOSED', '57P01', '57P03', '08006', '40001'])(
    '%s is "unavailable, retry"',
    (code) => {
      expect(isDatabaseUnavailable(new Error('x', { cause: { code } }))).toBe(true)
    },
  )

  it('a constraint violation is not an outage', () => {
    expect(isDatabaseUnavailable(new Error('x', { cause: { code: '23505' } }))).toBe(false)
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false)
  })
})
