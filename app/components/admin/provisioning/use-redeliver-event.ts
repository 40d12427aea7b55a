import { confirmErrorsOf } from '#app/components/admin/confirm-errors.ts'
import type { ConfirmErrors } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import type { ServiceEventRow } from './use-service-events.ts'

const OUTCOMES = {
  delivered: { tone: 'success', description: 'The receiver accepted it.' },
  retrying: {
    tone: 'warning',
    description:
      'This attempt failed too; the worker keeps retrying. See its error in the attempts.',
  },
  failed: {
    tone: 'warning',
    description: 'This attempt failed and the retry window is over: the event is failed again.',
  },
} as const

/**
 * Sends an event again now (audited with the reason). Resolves to errors for the dialog, or
 * null once the log has refreshed; the outcome of the attempt made at once is a toast.
 */
export function useRedeliverEvent() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const redeliver = useMutation({
    ...trpc.admin.provisioning.redeliver.mutationOptions(),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.admin.provisioning.events.pathFilter()),
        queryClient.invalidateQueries(trpc.admin.provisioning.deliveries.pathFilter()),
      ]),
  })
  return async (event: ServiceEventRow, reason: string): Promise<ConfirmErrors | null> => {
    try {
      const result = await redeliver.mutateAsync({ eventId: event.eventId, reason })
      const title = `Event ${event.type} for service #${event.serviceId}`
      toast(
        result.attempted
          ? { ...OUTCOMES[result.attempted], title: `${title}: ${result.attempted}` }
          : {
              tone: 'info',
              title: `${title}: queued`,
              description:
                'It is due now; the worker sends it after the earlier pending events of this service.',
            },
      )
      return null
    } catch (error) {
      return confirmErrorsOf(error)
    }
  }
}
