import { useSuspenseQuery, useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import type { eventsInput } from './events-query.ts'

export type ServiceEventRow = RouterOutputs['admin']['provisioning']['events']['items'][number]
export type DeliveryAttempt = RouterOutputs['admin']['provisioning']['deliveries']['items'][number]

const REFRESH_MS = 15_000

/** The outbox page the loader prefetched with the same input, kept fresh while it is open. */
export function useServiceEvents(input: ReturnType<typeof eventsInput>) {
  const trpc = useTRPC()
  return useSuspenseQuery({
    ...trpc.admin.provisioning.events.queryOptions(input),
    refetchInterval: REFRESH_MS,
  })
}

/** What the event's payload says about its service, for the list (the payload is the receiver's). */
export function eventSubject(event: ServiceEventRow): { product: string; user: string } {
  const payload = event.payload as {
    service?: { productName?: unknown }
    user?: { email?: unknown; name?: unknown }
  }
  const product = payload.service?.productName
  const user = payload.user?.email ?? payload.user?.name
  return {
    product: typeof product === 'string' ? product : '',
    user: typeof user === 'string' ? user : '',
  }
}

export const STATE_TONES = {
  pending: 'amber',
  failed: 'red',
  delivered: 'green',
  not_needed: 'slate',
} as const satisfies Record<ServiceEventRow['deliveryState'], string>

export const STATE_LABELS: Record<ServiceEventRow['deliveryState'], string> = {
  pending: 'pending',
  failed: 'failed',
  delivered: 'delivered',
  not_needed: 'not sent',
}
