import { useEffect, useRef } from 'react'
import { loadLiveRuntime, useLiveQuery } from '#app/lib/live-data.tsx'
import { deliveryPollInterval, pendingDeliveryTokens } from './token-deliveries.ts'

/**
 * Tokens on their way to VirtFusion after a purchase. The token history is polled every 2 s
 * while a recent delivery is pending (bounded, see deliveryPollInterval); when a delivery
 * completes the balance is read again, so the card goes from "being delivered" to the new
 * balance without a reload.
 */
export function useTokenDeliveries(): { pendingTokens: number } {
  const history = useLiveQuery((trpc) =>
    trpc.billing.tokens.transactions.queryOptions(
      { limit: 50 },
      {
        refetchInterval: (query) => deliveryPollInterval(query.state.data?.items ?? [], Date.now()),
      },
    ),
  )
  const pendingTokens = pendingDeliveryTokens(history?.data?.items ?? [])
  const previous = useRef(pendingTokens)
  useEffect(() => {
    if (pendingTokens < previous.current)
      loadLiveRuntime()
        .then(({ queryClient, trpc }) =>
          queryClient.invalidateQueries({ queryKey: trpc.billing.balance.queryKey() }),
        )
        .catch(() => undefined) // loaded already: the history came through it
    previous.current = pendingTokens
  }, [pendingTokens])
  return { pendingTokens }
}
