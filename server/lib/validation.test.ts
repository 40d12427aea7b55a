import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '#server/errors.ts'
import {
  parseCalendarDate,
  parseInput,
  parseInstant,
  zBigId,
  zCalendarDate,
  zId,
  zInt,
  zText,
} from './validation.ts'

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

describe('zInt, zId and zBigId', () => {
  it('take JSON numbers and decimal digits within the bounds, nothing else', () => {
    const limit = zInt({ min: 1, max: 100 })
    expect(limit.parse(5)).toBe(5)
    expect(limit.parse(' 42 ')).toBe(42)
    for (const bad of [0, 101, 1.5, '1e2', '0x10', '', true, null, Number.NaN, Infinity, '-0'])
      expect(limit.safeParse(bad).success, String(bad)).toBe(false)
  })

  it('bound ids to their column type: integer to 2^31−1, bigint to 2^53−1', () => {
    expect(zId().parse(2147483647)).toBe(2147483647)
    expect(zId().parse('2147483647')).toBe(2147483647)
    for (const bad of [0, -1, 2147483648, '2147483648', 2 ** 53, '99999999999999999999'])
      expect(zId().safeParse(bad).success, String(bad)).toBe(false)
    expect(zBigId().parse(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER)
    expect(zBigId().parse(2147483648)).toBe(2147483648)
    for (const bad of [0, 2 ** 53, '9007199254740993', 2 ** 64])
      expect(zBigId().safeParse(bad).success, String(bad)).toBe(false)
  })

  it('answer with their own message for text that is not a number, blank included', () => {
    const days = zInt({ min: 1, max: 3650, message: 'Days must be 1 to 3650' })
    for (const bad of ['abc', '', '1.5', true])
      expect(days.safeParse(bad).error?.issues.map((issue) => issue.message)).toEqual([
        'Days must be 1 to 3650',
      ])
  })

  it('say what is wrong, on the field', () => {
    try {
      parseInput(z.object({ tokenId: zId() }), { tokenId: 2147483648 })
      expect.unreachable()
    } catch (error) {
      expect((error as AppError).fields).toEqual({
        tokenId: ['Must be an id: a whole number from 1 to 2147483647'],
      })
    }
  })
})

describe('dates', () => {
  it('parseCalendarDate: days on the calendar within 1970-01-01..9999-12-31', () => {
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z')
    expect(parseCalendarDate('1970-01-01')?.toISOString()).toBe('1970-01-01T00:00:00.000Z')
    expect(parseCalendarDate('9999-12-31')?.toISOString()).toBe('9999-12-31T00:00:00.000Z')
    for (const bad of [
      '2026-02-30',
      '2025-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '0000-01-01',
      '1969-12-31',
      '10000-01-01',
      '+010000-01-01',
      '2026-1-1',
      '2026-01-01T00:00:00Z',
    ])
      expect(parseCalendarDate(bad), bad).toBeNull()
  })

  it('parseInstant: dates, ISO date-times with an offset and Dates, within the range', () => {
    expect(parseInstant('2026-01-31T12:30:00+02:00')?.toISOString()).toBe(
      '2026-01-31T10:30:00.000Z',
    )
    expect(parseInstant(new Date('2026-01-31T00:00:00Z'))).not.toBeNull()
    expect(parseInstant('9999-12-31T23:59:59.999Z')).not.toBeNull()
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '+010000-01-01T00:00:00Z',
      '2026-01-31T12:00:00',
      'March 7, 2026',
      'yesterday',
      new Date('0000-01-01T00:00:00Z'),
      new Date('+010000-01-01T00:00:00Z'),
      new Date(Number.NaN),
    ])
      expect(parseInstant(bad), String(bad)).toBeNull()
  })

  it('zCalendarDate gives the UTC midnight, nothing for a blank, or a message with the supported range', () => {
    expect(zCalendarDate().parse('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z')
    expect(zCalendarDate().parse(' ')).toBeUndefined()
    expect(zCalendarDate().parse(undefined)).toBeUndefined()
    const result = zCalendarDate().safeParse('2026-02-30')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe(
      'Enter a date like 2026-01-31, from 1970-01-01 to 9999-12-31',
    )
  })
})

describe('zText', () => {
  const name = zText({ label: 'Name', max: 10, min: 1 })
  const description = zText({ label: 'Description', max: 50, multiline: true })

  it('trims, bounds the length and refuses NUL and every other control character', () => {
    expect(name.parse('  Ada  ')).toBe('Ada')
    expect(name.safeParse('   ').error?.issues[0]?.message).toBe('Name is required')
    expect(name.safeParse('x'.repeat(11)).error?.issues[0]?.message).toBe(
      'Name must be at most 10 characters',
    )
    for (const bad of [
      'a\u0000b',
      '\u0000',
      'a\u0007',
      'a\u001b[2J',
      'a\u007f',
      'a\u0085b',
      'a\nb',
      'a\tb',
    ])
      expect(name.safeParse(bad).error?.issues[0]?.message, JSON.stringify(bad)).toBe(
        'Name must not contain control characters',
      )
  })

  it('multi-line text keeps tabs and line breaks, never NUL', () => {
    expect(description.parse('one\ntwo\r\n\tthree')).toBe('one\ntwo\r\n\tthree')
    for (const bad of ['a\u0000b', 'a\u0007', 'a\u000bb', 'a\u009b'])
      expect(description.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
  })
})
