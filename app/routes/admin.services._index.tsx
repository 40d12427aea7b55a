import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CursorPager } from '#app/components/admin/cursor-pager.tsx'
import { ServicesFilters } from '#app/components/admin/services/services-filters.tsx'
import {
  isFiltered,
  servicesInput,
  servicesParams,
  servicesQueryOf,
} from '#app/components/admin/services/services-query.ts'
import { ServicesTable } from '#app/components/admin/services/services-table.tsx'
import { useAdminServices } from '#app/components/admin/services/use-admin-services.ts'
import { prefetchQueries } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction = () => [{ title: 'Services · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { searchParams } = new URL(request.url)
  const query = servicesQueryOf(searchParams)
  // Built once here ("due within N days" reads the clock): the page's query reuses it as is.
  const input = servicesInput(query, new Date())
  // A forged cursor or user id fails the prefetch: the 400 page.
  const dehydrated = await prefetchQueries(request, context, (trpc) => [
    trpc.services.admin.list.queryOptions(input),
  ])
  return json({ dehydrated, query, input })
}

export default function AdminServices() {
  const { query, input } = useLoaderData<typeof loader>()
  const page = useAdminServices(input).data

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Services</h1>
        <p className="mt-1 max-w-prose text-sm text-slate-600">
          Every customer&apos;s services of every family. Open one to see its charges and events, or
          to suspend, extend or reprice it.
        </p>
      </div>
      <ServicesFilters query={query} />
      <ServicesTable items={page.items} filtered={isFiltered(query)} />
      <CursorPager
        label="Service pages"
        firstHref={query.cursor ? `?${servicesParams(query).toString()}` : null}
        nextHref={page.nextCursor ? `?${servicesParams(query, page.nextCursor).toString()}` : null}
      />
    </div>
  )
}
