import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useTRPC } from '#app/lib/trpc.ts'
import { deliveryPollInterval, pendingDeliveryTokens } from './token-deliveries.ts'

function useTokenHistory() {
  const trpc = useTRPC()
  return useQuery({
    ...trpc.billing.tokens.transactions.queryOptions({ limit: 50 }),
    refetchInterval: (query) => deliveryPollInterval(query.state.data?.items ?? [], Date.now()),
  })
}

/**
 * Tokens on their way to VirtFusion after a purchase. The token history is polled every 2 s
 * while a recent delivery is pending (bounded, see deliveryPollInterval); when a delivery
 * completes the balance is read again, so the card goes from "being delivered" to the new
 * balance without a reload.
 */
export function useTokenDeliveries(): { pendingTokens: number } {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const { data } = useTokenHistory()
  const pendingTokens = pendingDeliveryTokens(data?.items ?? [])
  const previous = useRef(pendingTokens)
  useEffect(() => {
    if (pendingTokens < previous.current)
      void queryClient.invalidateQueries({ queryKey: trpc.billing.balance.queryKey() })
    previous.current = pendingTokens
  }, [pendingTokens, queryClient, trpc])
  return { pendingTokens }
}
