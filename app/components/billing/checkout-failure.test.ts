import { describe, expect, it } from 'vitest'
import { NETWORK_MESSAGE } from '#app/lib/app-error.ts'
import { checkoutFailure } from './checkout-failure.ts'

/** A tRPC client error as the browser receives it (message plus the server formatter's data). */
function trpcError(message: string, appCode: string, details: Record<string, unknown> | null) {
  return Object.assign(new Error(message), { data: { appCode, details } })
}

describe('checkoutFailure', () => {
  it('reopens PayPal only for a decline the server marks restartable (INSTRUMENT_DECLINED)', () => {
    const error = trpcError(
      'Your payment method was declined. Please choose another one.',
      'PAYMENT_DECLINED',
      { restart: true, issue: 'INSTRUMENT_DECLINED' },
    )
    expect(checkoutFailure(error)).toEqual({
      message: 'Your payment method was declined. Please choose another one.',
      restart: true,
    })
  })

  it.each([
    ['a final refusal', 'PAYMENT_DECLINED', { restart: false, issue: 'TRANSACTION_REFUSED' }],
    ['a DECLINED capture', 'PAYMENT_DECLINED', { restart: false }],
    ['a decline without details', 'PAYMENT_DECLINED', null],
    ['a truthy non-boolean marker', 'PAYMENT_DECLINED', { restart: 'true' }],
    // The marker only counts on a decline: nothing else may reopen a finished order.
    ['an outage', 'UPSTREAM_UNAVAILABLE', { restart: true }],
    ['an unapproved order', 'PAYMENT_NOT_APPROVED', { restart: true }],
    ['a capture in progress', 'CAPTURE_IN_PROGRESS', null],
  ])('ends with the server’s message for %s', (_, appCode, details) => {
    const failure = checkoutFailure(trpcError('PayPal says no.', appCode, details))
    expect(failure).toEqual({ message: 'PayPal says no.', restart: false })
  })

  it.each([
    ['an error without words', new TypeError('')],
    ['nothing at all', undefined],
    ['null', null],
  ])('gives a generic message and no restart for %s', (_, error) => {
    expect(checkoutFailure(error)).toEqual({
      message: 'The payment could not be completed.',
      restart: false,
    })
  })

  it('says the server could not be reached when no answer came back', () => {
    const noAnswer = Object.assign(new Error('Failed to fetch'), { name: 'TRPCClientError' })
    expect(checkoutFailure(noAnswer)).toEqual({ message: NETWORK_MESSAGE, restart: false })
  })
})
