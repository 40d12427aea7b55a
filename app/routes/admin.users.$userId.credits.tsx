import {
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useQuery } from '@tanstack/react-query'
import { AdjustCreditsForm } from '#app/components/admin/user/adjust-credits-forms.tsx'
import {
  CreditBalanceCard,
  CreditHistory,
  type CreditOverview,
} from '#app/components/admin/user/credit-overview.tsx'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
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
  const caller = await serverCaller(request, context)
  const overview = await callOrThrow(request, () =>
    caller.admin.customCredits.get({
      userId: Number(params.userId),
      history: { page, limit: HISTORY_LIMIT },
    }),
  )
  return json({ overview, page, loadedAt: Date.now() })
}

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(data: SerializeFrom<typeof loader>['overview']): CreditOverview {
  return {
    ...data,
    history: {
      ...data.history,
      items: data.history.items.map((item) => ({ ...item, createdAt: new Date(item.createdAt) })),
    },
  }
}

export default function AdminUserCredits() {
  const data = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const userId = data.overview.user.id
  // The loader renders the page; the browser then keeps it live through tRPC.
  const live = useQuery(
    trpc.admin.customCredits.get.queryOptions(
      { userId, history: { page: data.page, limit: HISTORY_LIMIT } },
      {
        initialData: () => revive(data.overview),
        initialDataUpdatedAt: data.loadedAt,
        refetchInterval: REFRESH_MS,
      },
    ),
  )
  const overview = live.data
  const balanceCents = overview.balance.balance.cents

  return (
    <div className="space-y-6">
      <CreditBalanceCard overview={overview} refreshing={live.isFetching} />
      <div className="grid gap-6 md:grid-cols-2">
        <AdjustCreditsForm userId={userId} direction="add" balanceCents={balanceCents} />
        <AdjustCreditsForm userId={userId} direction="remove" balanceCents={balanceCents} />
      </div>
      <CreditHistory history={overview.history} />
    </div>
  )
}
