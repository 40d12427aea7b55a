import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useSuspenseQuery } from '@tanstack/react-query'
import { AdjustCreditsForm } from '#app/components/admin/user/adjust-credits-forms.tsx'
import { CreditBalanceCard, CreditHistory } from '#app/components/admin/user/credit-overview.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const HISTORY_LIMIT = 20
const REFRESH_MS = 15_000

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'Custom credits')

function pageFrom(url: URL): number {
  const page = Number(url.searchParams.get('page') ?? '1')
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const page = pageFrom(new URL(request.url))
  const input = { userId: Number(params.userId), history: { page, limit: HISTORY_LIMIT } }
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.customCredits.get.queryOptions(input),
  ])
  return json({ dehydrated, input })
}

export default function AdminUserCredits() {
  const { input } = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  // The loader prefetched it; the browser then keeps it live through tRPC.
  const live = useSuspenseQuery({
    ...trpc.admin.customCredits.get.queryOptions(input),
    refetchInterval: REFRESH_MS,
  })
  const overview = live.data
  const balanceCents = overview.balance.balance.cents

  return (
    <div className="space-y-6">
      <CreditBalanceCard overview={overview} refreshing={live.isFetching} />
      <div className="grid gap-6 md:grid-cols-2">
        <AdjustCreditsForm userId={input.userId} direction="add" balanceCents={balanceCents} />
        <AdjustCreditsForm userId={input.userId} direction="remove" balanceCents={balanceCents} />
      </div>
      <CreditHistory history={overview.history} />
    </div>
  )
}
