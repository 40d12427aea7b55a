import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useSuspenseQuery } from '@tanstack/react-query'
import { AddTokensForm } from '#app/components/admin/user/add-tokens-form.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { TokenEntries } from '#app/components/admin/user/token-entries.tsx'
import { TokenBalanceCard, VirtFusionLinkCard } from '#app/components/admin/user/virtfusion-cards.tsx'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const REFRESH_MS = 15_000

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'VirtFusion')

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const input = { userId: Number(params.userId) }
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.virtfusion.get.queryOptions(input),
  ])
  return json({ dehydrated, input })
}

export default function AdminUserVirtFusion() {
  const { input } = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  // The loader prefetched it; the browser then keeps it live through tRPC.
  const live = useSuspenseQuery({
    ...trpc.admin.virtfusion.get.queryOptions(input),
    refetchInterval: REFRESH_MS,
  })
  const overview = live.data

  return (
    <div className="space-y-6">
      <div className="grid gap-6 md:grid-cols-2">
        <VirtFusionLinkCard user={overview.user} />
        <TokenBalanceCard balance={overview.balance} refreshing={live.isFetching} />
      </div>
      <AddTokensForm user={overview.user} />
      <TokenEntries userId={input.userId} entries={overview.entries} />
    </div>
  )
}
