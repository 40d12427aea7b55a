import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import type { QueueItem } from './use-provisioning-queue.ts'

/**
 * Provisions one queued service. The toast lives in the hook-level callback: the row (and its
 * dialog) leaves the queue when the list refreshes. Both lists refresh whatever the outcome
 * (a 409 means someone else provisioned it).
 */
export function useProvisionService(item: QueueItem) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  return useMutation({
    ...trpc.admin.provisioning.provision.mutationOptions(),
    onSuccess: (_, input) =>
      toast({
        tone: 'success',
        title: `Service #${item.serviceId} is active`,
        description: `${item.product.name} for ${item.user.name}: ${input.hostname} (${input.ipAddress}).`,
      }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.admin.provisioning.queue.pathFilter()),
        queryClient.invalidateQueries(trpc.admin.provisioning.events.pathFilter()),
      ]),
  })
}
