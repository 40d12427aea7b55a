import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { AuditLogTable } from '#app/components/admin/audit-log-table.tsx'
import { DnsSubscriptionCard } from '#app/components/admin/user/dns-subscription.tsx'
import { justTheUser, loadUserTab } from '#app/components/admin/user/load-user-tab.server.ts'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { useUserTab, type Trpc } from '#app/components/admin/user/use-user-tab.ts'

const subscriptionOf = (trpc: Trpc, input: { userId: number }) =>
  trpc.admin.dnsPlans.subscription.queryOptions(input)

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'DNS plan')

export const loader = (args: LoaderFunctionArgs) => loadUserTab(args, subscriptionOf, justTheUser)

export default function AdminUserDns() {
  const { input, live } = useUserTab(subscriptionOf, 30_000)
  const overview = live.data

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
