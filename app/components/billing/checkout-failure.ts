/** A failed tRPC call as the browser sees it (TRPCClientError: message and the formatter's data). */
type CheckoutError = {
  message?: unknown
  data?: { appCode?: string | null; details?: { restart?: unknown } | null } | null
}

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
  const e = (typeof error === 'object' && error !== null ? error : {}) as CheckoutError
  return {
    message: typeof e.message === 'string' && e.message !== '' ? e.message : FALLBACK_MESSAGE,
    restart: e.data?.appCode === 'PAYMENT_DECLINED' && e.data.details?.restart === true,
  }
}
