import { useToast } from '#app/components/ui/toast.tsx'
import { centsToDecimal, formatMoney } from '#app/lib/format.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import { serverFailure } from './server-errors.ts'
import { useServerErrors } from './use-checked-fields.ts'
import { useIdempotentAttempt } from './use-idempotent-attempt.ts'

export type Direction = 'add' | 'remove'
export type Adjustment = { cents: number; reason: string }

const COPY = {
  add: { done: 'Credits added', past: 'Added', failed: "Couldn't add credits" },
  remove: { done: 'Credits removed', past: 'Removed', failed: "Couldn't remove credits" },
} as const

const sameAdjustment = (a: Adjustment, b: Adjustment) =>
  a.cents === b.cents && a.reason === b.reason

/**
 * One adjustment direction: the tRPC mutation, sent with an idempotency key that is new for
 * each submission but reused when the SAME submission is retried after an unknown outcome.
 */
export function useAdjustCredits(userId: number, direction: Direction) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const attempt = useIdempotentAttempt(sameAdjustment)
  const serverErrors = useServerErrors<'amount' | 'reason'>()
  const procedure =
    direction === 'add' ? trpc.admin.customCredits.add : trpc.admin.customCredits.remove
  const mutation = useMutation({
    ...procedure.mutationOptions(),
    // Even after a failure the change may have been applied: refresh either way.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({
          queryKey: trpc.admin.customCredits.get.queryKey({ userId }),
        }),
        // The header chip, in case admins adjust their own balance.
        queryClient.invalidateQueries(trpc.customCredits.pathFilter()),
      ]),
  })
  const copy = COPY[direction]

  /** Resolves true when applied. */
  async function submit(adjustment: Adjustment): Promise<boolean> {
    serverErrors.set({})
    try {
      const result = await mutation.mutateAsync({
        userId,
        amount: centsToDecimal(adjustment.cents),
        reason: adjustment.reason,
        idempotencyKey: attempt.keyFor(adjustment),
      })
      attempt.forget()
      toast({
        tone: 'success',
        title: copy.done,
        description: `${copy.past} ${formatMoney(adjustment.cents)}. New balance: ${result.balance.formatted}.`,
      })
      if (result.warning)
        toast({ tone: 'warning', title: 'Negative balance', description: result.warning })
      return true
    } catch (error) {
      const failure = serverFailure(
        error,
        ['amount', 'reason'],
        'Could not reach the server. Check your connection and try again.',
      )
      if (!failure.outcomeUnknown) attempt.forget()
      const retryHint = failure.outcomeUnknown
        ? ' Submitting the same amount and reason again is safe: it will not be applied twice.'
        : ''
      serverErrors.set({
        ...failure.fields,
        other: `${failure.message}${failure.otherFields ? ` ${failure.otherFields}` : ''}${retryHint}`,
      })
      toast({ tone: 'error', title: copy.failed, description: `${failure.message}${retryHint}` })
      return false
    }
  }

  return { submit, pending: mutation.isPending, serverErrors }
}
