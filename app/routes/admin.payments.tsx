import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useRef } from 'react'
import { CursorPager } from '#app/components/admin/cursor-pager.tsx'
import { PaymentsFilters } from '#app/components/admin/payments/payments-filters.tsx'
import {
  listInput,
  paramsOf,
  paymentsQueryOf,
} from '#app/components/admin/payments/payments-query.ts'
import { RefreshStatus } from '#app/components/admin/payments/refresh-status.tsx'
import { TopupsTable } from '#app/components/admin/payments/topups-table.tsx'
import { REFRESH_SECONDS, useLiveTopups } from '#app/components/admin/payments/use-live-topups.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'
import { ZAdminTopupsQuery } from '#server/services/payments/list-admin-topups.ts'

export const meta: MetaFunction = () => [{ title: 'Payments · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const asked = paymentsQueryOf(new URL(request.url).searchParams)
  // Search text the list cannot take: say so on the field and list without it. Anything else
  // (a forged cursor) fails the prefetch: the 400 page.
  const checked = ZAdminTopupsQuery.safeParse(listInput(asked))
  const searchError = checked.error?.issues.find((issue) => issue.path[0] === 'q')?.message ?? null
  const query = searchError ? { ...asked, q: '', cursor: null } : asked
  const input = listInput(query)
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.admin.payments.list.queryOptions(input),
  ])
  return json({ dehydrated, input, query, searchError }, searchError ? 400 : 200)
}

export default function AdminPayments() {
  const data = useLoaderData<typeof loader>()
  const live = useLiveTopups(data.input)
  const page = live.data
  // Where focus goes when a retried row leaves the list with its dialog.
  const listRef = useRef<HTMLDivElement>(null)
  const firstParams = paramsOf(data.query).toString()
  const nextCursor = page.nextCursor

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Payments</h1>
        <p className="text-sm text-slate-600">
          PayPal top-ups of both balances, newest first: the ones that need attention, or all of
          them, by status, balance or search.
        </p>
      </div>
      <PaymentsFilters query={data.query} searchError={data.searchError} />
      <RefreshStatus fetching={live.isFetching} failed={live.isError} seconds={REFRESH_SECONDS} />
      <div ref={listRef} tabIndex={-1} className="space-y-4" data-testid="topups-list">
        <TopupsTable items={page.items} searching={Boolean(data.query.q)} returnFocusTo={listRef} />
      </div>
      <CursorPager
        label="Top-up pages"
        firstHref={data.query.cursor ? `?${firstParams}` : null}
        nextHref={nextCursor ? `?${paramsOf(data.query, nextCursor).toString()}` : null}
      />
    </div>
  )
}
