import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SystemChecks } from '#app/components/admin/health/system-checks.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useQuery, useTRPC } from '#app/lib/trpc.ts'

export const meta: MetaFunction = () => [{ title: 'Health · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  return json({ status: await callOrThrow(request, () => caller.admin.health.status()) })
}

export default function AdminHealth() {
  const initial = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const status =
    useQuery({ ...trpc.admin.health.status.queryOptions(), refetchInterval: 15_000 }).data ??
    initial.status
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
              <LocalTime value={process.lastSeenAt} />, started{' '}
              <LocalTime value={process.startedAt} />
            </li>
          ))}
        </ul>
      </Card>
      <SystemChecks checks={status.checks} />
    </div>
  )
}
