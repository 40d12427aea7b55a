import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useQueryClient, useTRPC, type RouterOutputs } from '#app/lib/trpc.ts'
import { formatTokens } from '#app/lib/format.ts'
import { RefreshNote } from './refresh-note.tsx'
import { serverFailure } from './server-errors.ts'

export type VirtFusionOverview = RouterOutputs['admin']['virtfusion']['get']

/** Refreshes the tab after a change (or a failure that may have been one). */
export function useInvalidateVirtFusion(userId: number) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  return () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.virtfusion.get.queryKey({ userId }) })
}

export function VirtFusionLinkCard({ user }: { user: VirtFusionOverview['user'] }) {
  const trpc = useTRPC()
  const toast = useToast()
  const invalidate = useInvalidateVirtFusion(user.id)
  const link = useMutation({
    ...trpc.admin.virtfusion.link.mutationOptions(),
    onSuccess: (result) =>
      toast({
        tone: 'success',
        title: 'Linked to VirtFusion',
        description: `${user.name} is VirtFusion user #${result.virtfusionUserId}.`,
      }),
    onError: (error) =>
      toast({
        tone: 'error',
        title: "Couldn't link to VirtFusion",
        description: serverFailure(
          error,
          [],
          'Could not reach the server. Check your connection and try again.',
        ).message,
      }),
    onSettled: invalidate,
  })

  return (
    <Card>
      <h2 className="text-sm font-medium text-slate-600">VirtFusion account</h2>
      {user.virtfusionUserId !== null ? (
        <p className="mt-2 flex items-center gap-3" data-testid="virtfusion-link">
          <span className="text-2xl font-semibold tabular-nums">User #{user.virtfusionUserId}</span>
          <Badge tone="green">linked</Badge>
        </p>
      ) : (
        <div className="mt-2 space-y-3">
          <p className="text-2xl font-semibold text-slate-500" data-testid="virtfusion-link">
            Not linked
          </p>
          {user.linkError ? (
            <Alert tone="error">Last link attempt failed: {user.linkError}</Alert>
          ) : (
            <p className="text-sm text-slate-600">
              The linking job has not created this user&apos;s VirtFusion account yet.
            </p>
          )}
          <Button
            onClick={() => link.mutate({ userId: user.id })}
            pending={link.isPending}
            pendingLabel="Linking…"
          >
            Link to VirtFusion
          </Button>
        </div>
      )}
    </Card>
  )
}

export function TokenBalanceCard({
  balance,
  refreshing,
}: {
  balance: VirtFusionOverview['balance']
  refreshing: boolean
}) {
  const known = balance.status === 'ok' || balance.status === 'stale'
  return (
    <Card>
      <h2 className="text-sm font-medium text-slate-600">
        Token balance <span className="text-xs">(100 tokens = $1)</span>
      </h2>
      {known ? (
        <>
          <p className="mt-2 flex items-center gap-3" data-testid="admin-token-balance">
            <span className="text-2xl font-semibold tabular-nums">
              {formatTokens(balance.tokens)}
            </span>
            {balance.status === 'stale' ? <Badge tone="amber">stale</Badge> : null}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            Worth <span className="tabular-nums">{balance.value.formatted}</span> · read from
            VirtFusion <LocalTime value={balance.fetchedAt} />
          </p>
          {balance.status === 'stale' ? (
            <p className="mt-1 text-sm text-amber-800">{balance.message}</p>
          ) : null}
        </>
      ) : (
        <>
          <p
            className="mt-2 text-2xl font-semibold text-slate-500"
            data-testid="admin-token-balance"
          >
            {balance.status === 'not_linked' ? 'Not linked' : 'Unavailable'}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {balance.status === 'not_linked'
              ? 'This user is not linked to VirtFusion yet, so there is no balance to read.'
              : balance.message}
          </p>
        </>
      )}
      <div className="mt-3">
        <RefreshNote refreshing={refreshing} seconds={15} />
      </div>
    </Card>
  )
}
