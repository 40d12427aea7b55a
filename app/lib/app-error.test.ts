import { TRPCClientError } from '@trpc/client'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { AppError } from '#server/errors.ts'
import { NETWORK_MESSAGE, parseAppError } from './app-error.ts'

/** A TRPCClientError as the browser gets it from server/trpc/init.ts's errorFormatter. */
function trpcError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code: 'BAD_REQUEST', path: 'x', ...data } },
  })
}

describe('parseAppError', () => {
  it('reads a tRPC error: app code, message, the first problem of each field, details, status', () => {
    const error = trpcError('Invalid input. amount: Too much', {
      appCode: 'VALIDATION_FAILED',
      httpStatus: 400,
      fields: { amount: ['Too much', 'Also odd'], reason: ['A reason is required'] },
      details: null,
    })
    expect(parseAppError(error)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid input. amount: Too much',
      fieldErrors: { amount: 'Too much', reason: 'A reason is required' },
      status: 400,
      outcomeUnknown: false,
    })
  })

  it('keeps details (e.g. the shortfall of INSUFFICIENT_CREDITS)', () => {
    const error = trpcError('Not enough credits', {
      appCode: 'INSUFFICIENT_CREDITS',
      httpStatus: 402,
      fields: null,
      details: { shortfallCents: 250 },
    })
    const parsed = parseAppError(error)
    expect(parsed.code).toBe('INSUFFICIENT_CREDITS')
    expect(parsed.details).toEqual({ shortfallCents: 250 })
    expect(parsed.fieldErrors).toBeUndefined()
  })

  it('says the server was not reached when a tRPC call got no answer, and that the outcome is unknown', () => {
    const parsed = parseAppError(TRPCClientError.from(new TypeError('Failed to fetch')))
    expect(parsed).toMatchObject({ code: 'NETWORK', message: NETWORK_MESSAGE, status: null })
    expect(parsed.outcomeUnknown).toBe(true)
    expect(parseAppError(new TypeError('Failed to fetch')).code).toBe('NETWORK')
  })

  it('marks a 5xx as outcome unknown', () => {
    const error = trpcError('Something went wrong on our side. Please try again.', {
      appCode: 'INTERNAL',
      httpStatus: 500,
    })
    expect(parseAppError(error).outcomeUnknown).toBe(true)
  })

  it('reads REST bodies and action data `{ error: { code, message, fields } }`', () => {
    const body = {
      error: { code: 'CONFLICT', message: 'Already applied', fields: { _: ['Already applied'] } },
    }
    expect(parseAppError(body)).toEqual({
      code: 'CONFLICT',
      message: 'Already applied',
      fieldErrors: { _: 'Already applied' },
      status: 400,
      outcomeUnknown: false,
    })
    // A Remix ErrorResponse (thrown json(body, 404)) carries the body as data.
    expect(parseAppError({ status: 404, statusText: 'Not Found', data: body })).toMatchObject({
      code: 'CONFLICT',
      status: 404,
    })
  })

  it('reads an AppError, and a server-side TRPCError caused by one (loaders)', () => {
    const appError = new AppError('VALIDATION_FAILED', 'Invalid input. q: Too long', {
      fields: { q: ['Too long'] },
    })
    const expected = {
      code: 'VALIDATION_FAILED',
      message: 'Invalid input. q: Too long',
      fieldErrors: { q: 'Too long' },
      status: 400,
      outcomeUnknown: false,
    }
    expect(parseAppError(appError)).toEqual(expected)
    const trpc = new TRPCError({ code: 'BAD_REQUEST', message: appError.message, cause: appError })
    expect(parseAppError(trpc)).toEqual(expected)
  })

  it("reads a form's own zod error by field", () => {
    const result = z
      .object({ days: z.number({ error: 'Days must be 1 to 365' }), name: z.string() })
      .safeParse({ days: 'x', name: 'ok' })
    expect(parseAppError(result.error)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: { days: 'Days must be 1 to 365' },
    })
  })

  it('falls back to the message of an Error, a string, or the given fallback', () => {
    expect(parseAppError(new Error('Boom')).message).toBe('Boom')
    expect(parseAppError('Plain words').message).toBe('Plain words')
    expect(parseAppError(undefined, { fallback: 'Could not save.' })).toMatchObject({
      code: 'UNKNOWN',
      message: 'Could not save.',
    })
    expect(parseAppError({ error: { code: 'X', message: '' } }, { fallback: 'F' }).message).toBe(
      'F',
    )
  })
})
