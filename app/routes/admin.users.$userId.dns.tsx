import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useSuspenseQuery } from '@tanstack/react-query'
import { AuditLogTable } from '#app/components/admin/audit-log-table.tsx'
import { DnsSubscriptionCard } from '#app/components/admin/user/dns-subscription.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const REFRESH_MS = 30_000

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'DNS plan')

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const input = { userId: Number(params.userId) }
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.dnsPlans.subscription.queryOptions(input),
  ])
  return json({ dehydrated, input })
}

export default function AdminUserDns() {
  const { input } = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const overview = useSuspenseQuery({
    ...trpc.admin.dnsPlans.subscription.queryOptions(input),
    refetchInterval: REFRESH_MS,
  }).data

  return (
    <div className="space-y-6">
      <DnsSubscriptionCard
        userId={input.userId}
        subscription={overview.subscription}
        graceDays={overview.graceDays}
      />
      <AuditLogTable
        title="Audit log"
        entries={overview.audit}
        empty="No admin actions recorded for this user."
        testId="dns-audit-entry"
      />
    </div>
  )
}
