import { useToast } from '#app/components/ui/toast.tsx'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import { CheckCard, type SystemCheck } from './check-card.tsx'

const CHECKS = [
  { key: 'ledger', title: 'Ledger', action: 'Run ledger check now', run: 'runLedgerCheck' },
  {
    key: 'virtfusion',
    title: 'VirtFusion',
    action: 'Reconcile with VirtFusion now',
    run: 'runVirtFusionReconciliation',
  },
  {
    key: 'paypalRefunds',
    title: 'PayPal refunds',
    action: 'Reconcile PayPal refunds now',
    run: 'runRefundReconciliation',
  },
] as const

type CheckKey = (typeof CHECKS)[number]['key']

function RunnableCheck({ spec, check }: { spec: (typeof CHECKS)[number]; check: SystemCheck }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const run = useMutation(
    trpc.admin.health[spec.run].mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.admin.health.status.queryKey() }),
      onSuccess: (result) =>
        toast({ title: result.summary, tone: result.outcome === 'ok' ? 'success' : 'error' }),
    }),
  )
  return (
    <CheckCard
      title={spec.title}
      check={check}
      action={spec.action}
      running={run.isPending}
      onRun={() => run.mutate()}
    />
  )
}

/** The ledger check and the two reconciliations: last result of each, and "run it now". */
export function SystemChecks({ checks }: { checks: Record<CheckKey, SystemCheck> }) {
  return (
    <>
      {CHECKS.map((spec) => (
        <RunnableCheck key={spec.key} spec={spec} check={checks[spec.key]} />
      ))}
    </>
  )
}
