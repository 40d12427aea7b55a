import { parseAppError } from '#app/lib/app-error.ts'

export type CheckoutFailure = {
  message: string
  /** Reopen PayPal (actions.restart()) so the buyer can choose another funding source. */
  restart: boolean
}

const FALLBACK_MESSAGE = 'The payment could not be completed.'

/**
 * What the checkout does after a failed call (creating or capturing the order). Only a
 * PAYMENT_DECLINED the server marks `details.restart: true` (PayPal's INSTRUMENT_DECLINED)
 * reopens PayPal; every other failure, a DECLINED capture included, ends with the server's
 * message, since approving the same order again would be refused again.
 */
export function checkoutFailure(error: unknown): CheckoutFailure {
  const { code, message, details } = parseAppError(error, { fallback: FALLBACK_MESSAGE })
  return { message, restart: code === 'PAYMENT_DECLINED' && details?.restart === true }
}
