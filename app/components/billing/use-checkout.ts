import { useReducer } from 'react'
import { checkoutFailure } from './checkout-failure.ts'
import {
  amountLocked,
  checkoutReducer,
  IDLE,
  type CheckoutResult,
  type OpenOrder,
} from './checkout-state.ts'

export type Checkout = ReturnType<typeof useCheckout>

/**
 * One top-up checkout: create the order on the server, let the buyer approve it (PayPal's
 * window, or the simulated approval box in offline mode), capture it on the server. The
 * order's amount is the server's answer; the page never substitutes its own input for it.
 */
export function useCheckout({
  createOrder,
  captureOrder,
  onSucceeded,
}: {
  createOrder: () => Promise<OpenOrder>
  captureOrder: (orderId: string) => Promise<CheckoutResult>
  onSucceeded: (result: CheckoutResult) => void
}) {
  const [state, dispatch] = useReducer(checkoutReducer, IDLE)

  /** Creates the order; throws (after showing why) so PayPal's buttons stop as well. */
  const open = async (): Promise<OpenOrder> => {
    dispatch({ type: 'start' })
    try {
      const order = await createOrder()
      dispatch({ type: 'created', order })
      return order
    } catch (error) {
      dispatch({ type: 'failed', message: checkoutFailure(error).message })
      throw error
    }
  }

  /** Captures an approved order; `restart` asks PayPal to reopen it for another funding source. */
  const capture = async (orderId: string): Promise<{ restart: boolean }> => {
    dispatch({ type: 'approved', orderId })
    try {
      const result = await captureOrder(orderId)
      dispatch({ type: 'captured', result })
      onSucceeded(result)
      return { restart: false }
    } catch (error) {
      const { message, restart } = checkoutFailure(error)
      dispatch({ type: restart ? 'declined' : 'failed', message })
      return { restart }
    }
  }

  /** Offline mode: the signed-in buyer approves at the simulated PayPal, then we capture. */
  const approveSimulated = async (orderId: string) => {
    dispatch({ type: 'approved', orderId })
    const approved = await fetch(`/api/dev/paypal/orders/${encodeURIComponent(orderId)}/approve`, {
      method: 'POST',
    }).catch(() => null)
    if (!approved?.ok)
      return dispatch({
        type: 'failed',
        message: 'The simulated PayPal did not approve the order.',
      })
    await capture(orderId)
  }

  return {
    state,
    locked: amountLocked(state),
    open,
    capture,
    approveSimulated,
    /** Abandons the open order (nothing was charged); the amount can change again. */
    cancel: () => dispatch({ type: 'cancel' }),
    fail: (message: string) => dispatch({ type: 'failed', message }),
  }
}
