/** The order the server created: its id and the amount it recorded (what a capture charges). */
export type OpenOrder = {
  orderId: string
  amount: { cents: number; formatted: string }
  tokens: number | null
}

export type CheckoutResult = {
  message: string
  amount: { cents: number; formatted: string }
  tokens: number | null
  balance: { formatted: string } | null
}

export type CheckoutState =
  | { step: 'idle' }
  | { step: 'creating' }
  /** The order is open at PayPal (or the simulated approval box) and waits for the buyer. */
  | { step: 'approving'; order: OpenOrder; notice?: string }
  | { step: 'capturing'; order: OpenOrder }
  | { step: 'succeeded'; result: CheckoutResult }
  | { step: 'failed'; message: string }
  | { step: 'cancelled' }

export type CheckoutEvent =
  | { type: 'start' }
  | { type: 'created'; order: OpenOrder }
  | { type: 'approved'; orderId: string }
  | { type: 'captured'; result: CheckoutResult }
  | { type: 'failed'; message: string }
  /** PayPal declined the funding source and reopens the same order for another one. */
  | { type: 'declined'; message: string }
  | { type: 'cancel' }

export const IDLE: CheckoutState = { step: 'idle' }

const BUSY = new Set<CheckoutState['step']>(['creating', 'approving', 'capturing'])

/**
 * While an order exists and is not finished, its amount is fixed: the picker is disabled, and
 * the only way to another amount is to cancel this order (which abandons it) and start again.
 */
export function amountLocked(state: CheckoutState): boolean {
  return BUSY.has(state.step)
}

/**
 * The checkout's steps. Events that do not fit the current step are dropped, so a late
 * answer for an order the buyer has already cancelled cannot reopen or complete it.
 */
export function checkoutReducer(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  switch (event.type) {
    case 'start':
      return amountLocked(state) ? state : { step: 'creating' }
    case 'created':
      return state.step === 'creating' ? { step: 'approving', order: event.order } : state
    case 'approved':
      return state.step === 'approving' && state.order.orderId === event.orderId
        ? { step: 'capturing', order: state.order }
        : state
    case 'declined':
      return state.step === 'capturing'
        ? { step: 'approving', order: state.order, notice: event.message }
        : state
    case 'captured':
      return state.step === 'capturing' ? { step: 'succeeded', result: event.result } : state
    case 'failed':
      return amountLocked(state) ? { step: 'failed', message: event.message } : state
    case 'cancel':
      return state.step === 'approving' || state.step === 'creating' ? { step: 'cancelled' } : state
  }
}

/** What the status line says at each step (read out politely, and focused while busy). */
export function statusText(state: CheckoutState): string {
  switch (state.step) {
    case 'creating':
      return 'Creating your order…'
    case 'approving':
      return `Order for ${state.order.amount.formatted} open: approve it at PayPal.`
    case 'capturing':
      return 'Completing payment…'
    default:
      return ''
  }
}
