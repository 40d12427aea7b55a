import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { check } from './validation.ts'

describe('check', () => {
  const schema = z.string().min(3, 'Too short').regex(/^a/, 'Starts with a')
  it('returns the parsed value', () => {
    expect(check(schema, 'abc')).toEqual({ ok: true, value: 'abc' })
  })
  it('returns only the first problem', () => {
    expect(check(schema, 'b')).toEqual({ ok: false, message: 'Too short' })
  })
})
