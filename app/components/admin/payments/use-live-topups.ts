import type { SerializeFrom } from '@remix-run/node'
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '#app/lib/trpc.ts'
import { listInput, type PaymentsQuery } from './payments-query.ts'
import type { TopupPage } from './topup-presentation.ts'

const REFRESH_MS = 10_000

/** Loader JSON → the tRPC (superjson) shape, so it can seed the query cache. */
function revive(page: SerializeFrom<TopupPage>): TopupPage {
  return {
    ...page,
    items: page.items.map((item) => ({
      ...item,
      createdAt: new Date(item.createdAt),
      updatedAt: new Date(item.updatedAt),
    })),
  }
}

/** The loader renders the page; the browser then keeps it live through tRPC. */
export function useLiveTopups(
  query: PaymentsQuery,
  initial: SerializeFrom<TopupPage>,
  loadedAt: number,
) {
  const trpc = useTRPC()
  return useQuery(
    trpc.admin.payments.list.queryOptions(listInput(query), {
      initialData: () => revive(initial),
      initialDataUpdatedAt: loadedAt,
      refetchInterval: REFRESH_MS,
    }),
  )
}
