import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '#server/errors.ts'
import { parseInput } from './validation.ts'

describe('parseInput', () => {
  it('returns parsed data', () => {
    expect(parseInput(z.object({ a: z.number() }), { a: 1 })).toEqual({ a: 1 })
  })

  it('throws a 400 AppError naming each field', () => {
    try {
      parseInput(z.object({ a: z.number(), b: z.object({ c: z.string() }) }), { a: 'x', b: {} })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      const appError = error as AppError
      expect(appError.httpStatus).toBe(400)
      expect(Object.keys(appError.fields!)).toEqual(['a', 'b.c'])
      expect(appError.message).toMatch(/^Invalid input\. a: .*; b\.c: /)
    }
  })
})
