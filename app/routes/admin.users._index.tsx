import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { CursorPager } from '#app/components/admin/cursor-pager.tsx'
import { UsersTable } from '#app/components/admin/users/users-table.tsx'
import { Input } from '#app/components/ui/input.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { keepPreviousData, useQuery, useTRPC } from '#app/lib/trpc.ts'

const PAGE_SIZE = 25

export const meta: MetaFunction = () => [{ title: 'Users · Admin · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const search = url.searchParams.get('q')?.trim() || undefined
  // As the URL has it: the procedure's schema refuses a bad cursor or search with a 400.
  const cursor = url.searchParams.get('cursor') || undefined
  const caller = await serverCaller(request, context)
  const page = await callOrThrow(request, () =>
    caller.admin.users.list({ search, cursor, limit: PAGE_SIZE }),
  )
  return json({ page, search: search ?? '', cursor: cursor ?? null })
}

export default function AdminUsers() {
  const initial = useLoaderData<typeof loader>()
  const [searchParams, setSearchParams] = useSearchParams()
  const [search, setSearch] = useState(initial.search)
  const [debounced, setDebounced] = useState(initial.search)
  const trpc = useTRPC()

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 250)
    return () => clearTimeout(timer)
  }, [search])

  // The loader renders the first page; typing searches live through tRPC from the browser.
  const live = useQuery({
    ...trpc.admin.users.list.queryOptions({
      search: debounced || undefined,
      cursor: initial.cursor ?? undefined,
      limit: PAGE_SIZE,
    }),
    enabled: debounced !== initial.search,
    placeholderData: keepPreviousData,
  })
  const page = debounced !== initial.search && live.data ? live.data : initial.page

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold">Users</h1>
        <form
          role="search"
          aria-label="Search users"
          className="w-full sm:w-auto"
          onSubmit={(event) => {
            event.preventDefault()
            setSearchParams(search.trim() ? { q: search.trim() } : {})
          }}
        >
          <label htmlFor="user-search" className="sr-only">
            Search users by email or name
          </label>
          <Input
            id="user-search"
            type="search"
            name="q"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Search by email or name"
            className="w-full sm:w-72"
          />
        </form>
      </div>
      <UsersTable users={page.items} />
      <CursorPager
        label="User pages"
        firstHref={
          searchParams.get('cursor')
            ? `?${new URLSearchParams(debounced ? { q: debounced } : {}).toString()}`
            : null
        }
        nextHref={
          page.nextCursor
            ? `?${new URLSearchParams({ ...(debounced ? { q: debounced } : {}), cursor: String(page.nextCursor) }).toString()}`
            : null
        }
      />
    </div>
  )
}
