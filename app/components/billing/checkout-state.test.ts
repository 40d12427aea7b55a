import { describe, expect, it } from 'vitest'
import {
  amountLocked,
  checkoutReducer,
  IDLE,
  statusText,
  type CheckoutEvent,
  type CheckoutState,
  type OpenOrder,
} from './checkout-state.ts'

const FIVE: OpenOrder = {
  orderId: 'ORDER-5',
  amount: { cents: 500, formatted: '$5.00' },
  tokens: null,
}
const RESULT = {
  message: '$5.00 of custom credits added.',
  amount: { cents: 500, formatted: '$5.00' },
  tokens: null,
  balance: { formatted: '$5.00' },
}

function run(...events: CheckoutEvent[]): CheckoutState {
  return events.reduce(checkoutReducer, IDLE)
}

describe('checkout steps', () => {
  it('create → approve → capture ends succeeded with the server result', () => {
    const state = run(
      { type: 'start' },
      { type: 'created', order: FIVE },
      { type: 'approved', orderId: 'ORDER-5' },
      { type: 'captured', result: RESULT },
    )
    expect(state).toEqual({ step: 'succeeded', result: RESULT })
    expect(amountLocked(state)).toBe(false)
  })

  it('locks the amount from the click on Pay until the order is finished or cancelled', () => {
    expect(amountLocked(run({ type: 'start' }))).toBe(true)
    expect(amountLocked(run({ type: 'start' }, { type: 'created', order: FIVE }))).toBe(true)
    const capturing = run(
      { type: 'start' },
      { type: 'created', order: FIVE },
      { type: 'approved', orderId: 'ORDER-5' },
    )
    expect(capturing).toEqual({ step: 'capturing', order: FIVE })
    expect(amountLocked(capturing)).toBe(true)
    const cancelled = run({ type: 'start' }, { type: 'created', order: FIVE }, { type: 'cancel' })
    expect(cancelled).toEqual({ step: 'cancelled' })
    expect(amountLocked(cancelled)).toBe(false)
  })

  it('a second Pay while an order is open does not start another one', () => {
    const open = run({ type: 'start' }, { type: 'created', order: FIVE })
    expect(checkoutReducer(open, { type: 'start' })).toBe(open)
  })

  it('an order created after the buyer cancelled is not reopened', () => {
    expect(run({ type: 'start' }, { type: 'cancel' }, { type: 'created', order: FIVE })).toEqual({
      step: 'cancelled',
    })
  })

  it('approving another order id than the open one is ignored', () => {
    const open = run({ type: 'start' }, { type: 'created', order: FIVE })
    expect(checkoutReducer(open, { type: 'approved', orderId: 'ORDER-50' })).toBe(open)
  })

  it('a capture cannot be cancelled, and a capture answer without a capture is dropped', () => {
    const capturing = run(
      { type: 'start' },
      { type: 'created', order: FIVE },
      { type: 'approved', orderId: 'ORDER-5' },
    )
    expect(checkoutReducer(capturing, { type: 'cancel' })).toBe(capturing)
    expect(checkoutReducer(IDLE, { type: 'captured', result: RESULT })).toBe(IDLE)
  })

  it('a declined funding source reopens the same order with the reason; other failures end it', () => {
    const capturing = run(
      { type: 'start' },
      { type: 'created', order: FIVE },
      { type: 'approved', orderId: 'ORDER-5' },
    )
    expect(checkoutReducer(capturing, { type: 'declined', message: 'Card declined' })).toEqual({
      step: 'approving',
      order: FIVE,
      notice: 'Card declined',
    })
    expect(checkoutReducer(capturing, { type: 'failed', message: 'No' })).toEqual({
      step: 'failed',
      message: 'No',
    })
    expect(checkoutReducer(IDLE, { type: 'failed', message: 'late' })).toBe(IDLE)
  })

  it('the status line names the open order by the amount the server recorded', () => {
    expect(statusText(run({ type: 'start' }))).toBe('Creating your order…')
    expect(statusText(run({ type: 'start' }, { type: 'created', order: FIVE }))).toContain('$5.00')
    expect(
      statusText(
        run(
          { type: 'start' },
          { type: 'created', order: FIVE },
          { type: 'approved', orderId: 'ORDER-5' },
        ),
      ),
    ).toBe('Completing payment…')
    expect(statusText(IDLE)).toBe('')
  })
})
