import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'Health · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  return json({ status: await callOrThrow(request, () => caller.admin.health.status()) })
}

type Check = {
  outcome: string
  summary: string
  createdAt: Date | string
  details: Record<string, unknown>
} | null

function CheckCard({
  title,
  check,
  action,
  running,
  onRun,
}: {
  title: string
  check: Check
  action: string
  running: boolean
  onRun: () => void
}) {
  const problems = [
    ...((check?.details.problems ?? check?.details.differences ?? []) as unknown[]),
    ...((check?.details.orphans ?? []) as unknown[]),
  ] as Record<string, unknown>[]
  return (
    <Card className="space-y-3">
      <div className="flex items-center justify-between gap-4">
        <h2 className="text-lg font-semibold">{title}</h2>
        <Button variant="secondary" disabled={running} onClick={onRun}>
          {running ? 'Running…' : action}
        </Button>
      </div>
      {check ? (
        <>
          <p className="flex items-center gap-2 text-sm">
            <Badge tone={check.outcome === 'ok' ? 'green' : 'red'}>
              {check.outcome === 'ok' ? 'ok' : 'findings'}
            </Badge>
            {check.summary} <span className="text-slate-500">({formatDate(check.createdAt)})</span>
          </p>
          {problems.length > 0 ? (
            <ul
              className="list-disc space-y-1 pl-5 text-sm text-rose-800"
              data-testid={`${title}-findings`}
            >
              {problems.slice(0, 50).map((problem, index) => (
                <li key={index}>
                  <code>{JSON.stringify(problem)}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="text-sm text-slate-500">Not run yet.</p>
      )}
    </Card>
  )
}

export default function AdminHealth() {
  const initial = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const status =
    useQuery({ ...trpc.admin.health.status.queryOptions(), refetchInterval: 15_000 }).data ??
    initial.status
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.health.status.queryKey() })
  const ledger = useMutation(
    trpc.admin.health.runLedgerCheck.mutationOptions({ onSettled: refresh }),
  )
  const virtfusion = useMutation(
    trpc.admin.health.runVirtFusionReconciliation.mutationOptions({ onSettled: refresh }),
  )
  const refunds = useMutation(
    trpc.admin.health.runRefundReconciliation.mutationOptions({ onSettled: refresh }),
  )
  const { readiness } = status
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Health</h1>
      {status.checks.ledger?.outcome === 'findings' ? (
        <Alert>
          The last ledger check found drift between balances and the journal, or entries without
          their source. Investigate before anything else.
        </Alert>
      ) : null}
      <Card>
        <h2 className="text-lg font-semibold">Readiness</h2>
        <ul className="mt-2 space-y-1 text-sm">
          <li>
            Database:{' '}
            <Badge tone={readiness.checks.database.ok ? 'green' : 'red'}>
              {readiness.checks.database.ok ? 'reachable' : 'unreachable'}
            </Badge>
          </li>
          <li>
            Migrations:{' '}
            <Badge tone={readiness.checks.migrations.ok ? 'green' : 'red'}>
              {readiness.checks.migrations.applied ?? '?'} of {readiness.checks.migrations.expected}{' '}
              applied
            </Badge>
          </li>
          <li>
            Job queue:{' '}
            <Badge tone={readiness.checks.jobQueue.ok ? 'green' : 'red'}>
              {readiness.checks.jobQueue.enabled
                ? readiness.checks.jobQueue.running
                  ? 'running'
                  : 'not running'
                : 'disabled'}
            </Badge>
          </li>
        </ul>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Job processes</h2>
        {status.jobProcesses.some((process) => process.alive) ? null : (
          <Alert>
            No process works the job queue: token deliveries, linking, renewals and reconciliations
            wait. Start a worker (<code>npm run worker</code>) or a web process with{' '}
            <code>JOBS_ENABLED=true</code>.
          </Alert>
        )}
        <ul className="mt-2 space-y-1 text-sm" data-testid="job-processes">
          {status.jobProcesses.map((process) => (
            <li key={process.id} className="flex items-center gap-2">
              <Badge tone={process.alive ? 'green' : 'amber'}>
                {process.alive ? 'alive' : 'silent'}
              </Badge>
              {process.role} on {process.host} (pid {process.pid}), last seen{' '}
              {formatDate(process.lastSeenAt)}, started {formatDate(process.startedAt)}
            </li>
          ))}
        </ul>
      </Card>
      <CheckCard
        title="Ledger"
        check={status.checks.ledger}
        action="Run ledger check now"
        running={ledger.isPending}
        onRun={() =>
          ledger.mutate(undefined, {
            onSuccess: (r) =>
              toast({ title: r.summary, tone: r.outcome === 'ok' ? 'success' : 'error' }),
          })
        }
      />
      <CheckCard
        title="VirtFusion"
        check={status.checks.virtfusion}
        action="Reconcile with VirtFusion now"
        running={virtfusion.isPending}
        onRun={() =>
          virtfusion.mutate(undefined, {
            onSuccess: (r) =>
              toast({ title: r.summary, tone: r.outcome === 'ok' ? 'success' : 'error' }),
          })
        }
      />
      <CheckCard
        title="PayPal refunds"
        check={status.checks.paypalRefunds}
        action="Reconcile PayPal refunds now"
        running={refunds.isPending}
        onRun={() =>
          refunds.mutate(undefined, {
            onSuccess: (r) =>
              toast({ title: r.summary, tone: r.outcome === 'ok' ? 'success' : 'error' }),
          })
        }
      />
    </div>
  )
}
