import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useQuery } from '@tanstack/react-query'
import { AddTokensForm } from '#app/components/admin/user/add-tokens-form.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { TokenEntries } from '#app/components/admin/user/token-entries.tsx'
import {
  TokenBalanceCard,
  VirtFusionLinkCard,
  type VirtFusionOverview,
} from '#app/components/admin/user/virtfusion-cards.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const REFRESH_MS = 15_000

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'VirtFusion')

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.virtfusion.get({ userId: Number(params.userId) }),
  )
  return json({ overview, loadedAt: Date.now() })
}

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: SerializeFrom<typeof loader>['overview']): VirtFusionOverview {
  const balance: VirtFusionOverview['balance'] =
    data.balance.status === 'ok' || data.balance.status === 'stale'
      ? { ...data.balance, fetchedAt: new Date(data.balance.fetchedAt) }
      : data.balance
  return {
    ...data,
    balance,
    entries: data.entries.map((entry) => ({ ...entry, createdAt: new Date(entry.createdAt) })),
  }
}

export default function AdminUserVirtFusion() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const userId = data.overview.user.id
  // The loader renders the page; the browser then keeps it live through tRPC.
  const live = useQuery(
    trpc.admin.virtfusion.get.queryOptions(
      { userId },
      {
        initialData: () => revive(data.overview),
        initialDataUpdatedAt: data.loadedAt,
        refetchInterval: REFRESH_MS,
      },
    ),
  )
  const overview = live.data

  return (
    <div className="space-y-6">
      <div className="grid gap-6 md:grid-cols-2">
        <VirtFusionLinkCard user={overview.user} />
        <TokenBalanceCard balance={overview.balance} refreshing={live.isFetching} />
      </div>
      <AddTokensForm user={overview.user} />
      <TokenEntries userId={userId} entries={overview.entries} />
    </div>
  )
}
