import { describe, expect, it } from 'vitest'
import { serverFailure } from './server-errors.ts'

const trpcError = (httpStatus: number, fields: Record<string, string[]> | null) =>
  Object.assign(new Error('Amount must be between $0.01 and $10,000.00'), {
    name: 'TRPCClientError',
    data: { appCode: 'VALIDATION_FAILED', httpStatus, fields, details: null },
  })

describe('serverFailure', () => {
  it('puts the form’s own fields in place and folds the others into one sentence', () => {
    const failure = serverFailure(
      trpcError(400, { amount: ['Too much', 'Second'], userId: ['Unknown user'] }),
      ['amount', 'reason'],
      'offline',
    )
    expect(failure.fields).toEqual({ amount: 'Too much' })
    expect(failure.otherFields).toBe('userId: Unknown user')
    expect(failure.outcomeUnknown).toBe(false)
  })

  it('says the outcome is unknown without an answer, in the form’s own words', () => {
    const failure = serverFailure(
      Object.assign(new Error('fetch failed'), { name: 'TRPCClientError' }),
      ['amount'],
      'Could not reach the server.',
    )
    expect(failure).toMatchObject({ message: 'Could not reach the server.', outcomeUnknown: true })
    expect(serverFailure(trpcError(502, null), [], 'x').outcomeUnknown).toBe(true)
  })
})
