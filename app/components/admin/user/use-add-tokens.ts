import { useToast } from '#app/components/ui/toast.tsx'
import { formatMoney, formatTokens } from '#app/lib/format.ts'
import { useMutation, useTRPC } from '#app/lib/trpc.ts'
import { serverFailure } from './server-errors.ts'
import { useServerErrors } from './use-checked-fields.ts'
import { useIdempotentAttempt } from './use-idempotent-attempt.ts'
import { useInvalidateVirtFusion } from './virtfusion-cards.tsx'

export type Grant = { tokens: number; reason: string }

const sameGrant = (a: Grant, b: Grant) => a.tokens === b.tokens && a.reason === b.reason

/**
 * An admin token grant. One key per grant: kept while the same grant is retried after an
 * unknown outcome, so VirtFusion never gets it twice; a new grant (or one that certainly
 * failed) gets a new key.
 */
export function useAddTokens(user: { id: number; name: string }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateVirtFusion(user.id)
  const attempt = useIdempotentAttempt(sameGrant)
  const serverErrors = useServerErrors<'tokens' | 'reason'>()
  const add = useMutation({
    ...trpc.admin.virtfusion.addTokens.mutationOptions(),
    // Even after a failure an entry may have been recorded (cancelled or under review).
    onSettled: invalidate,
  })

  /** Resolves true when the tokens were added. */
  async function submit(grant: Grant): Promise<boolean> {
    serverErrors.set({})
    try {
      const entry = await add.mutateAsync({
        userId: user.id,
        ...grant,
        idempotencyKey: attempt.keyFor(grant),
      })
      attempt.forget()
      toast({
        tone: 'success',
        title: 'Tokens added',
        description: `Added ${formatTokens(entry.tokens)} (${formatMoney(entry.tokens)}) to ${user.name}${entry.virtfusionCreditId !== null ? ` as VirtFusion credit #${entry.virtfusionCreditId}` : ''}.`,
      })
      return true
    } catch (error) {
      const failure = serverFailure(
        error,
        ['tokens', 'reason'],
        'Could not reach the server. Submitting the same tokens and reason again is safe: they will not be added twice.',
      )
      const outcome = (failure.details as { outcome?: unknown } | null)?.outcome
      const certain = !failure.outcomeUnknown || outcome === 'not_added'
      if (certain && outcome !== 'in_progress') attempt.forget()
      const other = `${failure.message}${failure.otherFields ? ` ${failure.otherFields}` : ''}`
      serverErrors.set({ ...failure.fields, other })
      toast({ tone: 'error', title: "Couldn't add tokens", description: other })
      return false
    }
  }

  return { submit, pending: add.isPending, serverErrors }
}
