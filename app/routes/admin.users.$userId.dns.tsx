import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useQuery } from '@tanstack/react-query'
import { AuditLogTable } from '#app/components/admin/audit-log-table.tsx'
import {
  DnsSubscriptionCard,
  type DnsOverview,
} from '#app/components/admin/user/dns-subscription.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const REFRESH_MS = 30_000

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'DNS plan')

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.dnsPlans.subscription({ userId: Number(params.userId) }),
  )
  return json({ userId: Number(params.userId), overview, loadedAt: Date.now() })
}

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: SerializeFrom<typeof loader>['overview']): DnsOverview {
  const date = (value: string | null) => (value === null ? null : new Date(value))
  const subscription = data.subscription
  return {
    graceDays: data.graceDays,
    subscription: subscription
      ? {
          ...subscription,
          currentPeriodStart: new Date(subscription.currentPeriodStart),
          currentPeriodEnd: new Date(subscription.currentPeriodEnd),
          lastPaymentAt: date(subscription.lastPaymentAt),
          nextPaymentAt: date(subscription.nextPaymentAt),
          graceEndsAt: date(subscription.graceEndsAt),
        }
      : null,
    audit: data.audit.map((entry) => ({ ...entry, createdAt: new Date(entry.createdAt) })),
  }
}

export default function AdminUserDns() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const overview = useQuery(
    trpc.admin.dnsPlans.subscription.queryOptions(
      { userId: data.userId },
      {
        initialData: () => revive(data.overview),
        initialDataUpdatedAt: data.loadedAt,
        refetchInterval: REFRESH_MS,
      },
    ),
  ).data

  return (
    <div className="space-y-6">
      <DnsSubscriptionCard
        userId={data.userId}
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
