import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { BalanceOverview } from '#app/components/dashboard/balance-card.tsx'
import { DnsPlanSummary } from '#app/components/dashboard/dns-plan-summary.tsx'
import { RecentActivity } from '#app/components/dashboard/recent-activity.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Dashboard · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const caller = await serverCaller(request, context)
  const dashboard = await callOrThrow(request, () => caller.billing.dashboard())
  return json({ name: user.name, role: user.role, dashboard })
}

export default function Dashboard() {
  const { name, role, dashboard } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Welcome, {name}</h1>
        {role === 'admin' ? (
          <Link to="/admin" className="text-sm font-semibold text-indigo-700 hover:underline">
            Administration →
          </Link>
        ) : null}
      </div>
      <BalanceOverview balance={dashboard.balance} />
      <DnsPlanSummary dns={dashboard.dns} />
      <RecentActivity items={dashboard.recent} />
    </div>
  )
}
