import { useSuspenseQuery, useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'

export type QueueItem = RouterOutputs['admin']['provisioning']['queue']['items'][number]

export const QUEUE_INPUT = { limit: 100 }
const REFRESH_MS = 30_000

/**
 * The pending services an admin provisions by hand, prefetched by the loader with the same
 * input (the query keys must match), then kept fresh while the page is open.
 */
export function useProvisioningQueue() {
  const trpc = useTRPC()
  return useSuspenseQuery({
    ...trpc.admin.provisioning.queue.queryOptions(QUEUE_INPUT),
    refetchInterval: REFRESH_MS,
  })
}
