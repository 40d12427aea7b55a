import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import { retryOutcome, type Topup } from './topup-presentation.ts'

/**
 * One row's retry. Its own mutation, so rows retry independently; the toast lives in the
 * hook-level callbacks because the row may leave the list (and unmount) once it resolves.
 */
export function useRetryTopup(topup: Topup, onDone?: () => void) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  return useMutation({
    ...trpc.admin.payments.retry.mutationOptions(),
    onSuccess: (result) => {
      onDone?.()
      toast(retryOutcome(topup, result.status))
    },
    onError: (error) =>
      toast({
        tone: 'error',
        title: `Couldn't retry top-up #${topup.id}`,
        description:
          parseAppError(error).code === 'NETWORK'
            ? 'Could not reach the server. Refresh the list to see where the top-up stands.'
            : parseAppError(error).message,
      }),
    // Even after a failure something may have changed: refresh either way.
    onSettled: () => queryClient.invalidateQueries(trpc.admin.payments.list.pathFilter()),
  })
}
