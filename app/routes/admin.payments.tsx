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
import { TopupsTable } from '#app/components/admin/payments/topups-table.tsx'
import { useLiveTopups } from '#app/components/admin/payments/use-live-topups.ts'
import { parseAppError } from '#app/lib/app-error.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Payments · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const asked = paymentsQueryOf(new URL(request.url).searchParams)
  const caller = await serverCaller(request, context)
  return callOrThrow(request, async () => {
    try {
      const page = await caller.admin.payments.list(listInput(asked))
      return json({ page, query: asked, searchError: null, loadedAt: Date.now() })
    } catch (error) {
      // Search text the list cannot take: say so on the field and list without it. Anything
      // else (a forged cursor) is the 400 page.
      const searchError = parseAppError(error).fieldErrors?.q
      if (!searchError) throw error
      const query = { ...asked, q: '', cursor: null }
      const page = await caller.admin.payments.list(listInput(query))
      return json({ page, query, searchError, loadedAt: Date.now() }, 400)
    }
  })
}

export default function AdminPayments() {
  const data = useLoaderData<typeof loader>()
  const live = useLiveTopups(data.query, data.page, data.loadedAt)
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
      <p className="text-xs text-slate-600" aria-hidden="true">
        {live.isFetching
          ? 'Refreshing…'
          : live.isError
            ? "Couldn't refresh; showing the last list. Retrying every 10 seconds."
            : 'Refreshes every 10 seconds'}
      </p>
      <div ref={listRef} tabIndex={-1} className="space-y-4">
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
