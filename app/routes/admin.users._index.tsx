import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { Badge, Card } from '#app/components/ui/card.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'

const PAGE_SIZE = 25

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
          onSubmit={(event) => {
            event.preventDefault()
            setSearchParams(search.trim() ? { q: search.trim() } : {})
          }}
        >
          <label htmlFor="user-search" className="sr-only">
            Search users by email or name
          </label>
          <input
            id="user-search"
            type="search"
            name="q"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Search by email or name"
            className="w-72 rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          />
        </form>
      </div>
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-3">Name</th>
              <th className="px-4 py-3">Email</th>
              <th className="px-4 py-3">Role</th>
              <th className="px-4 py-3">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.items.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-3">
                  <Link
                    to={`/admin/users/${user.id}`}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {user.name}
                  </Link>
                </td>
                <td className="px-4 py-3">{user.email}</td>
                <td className="px-4 py-3">
                  <Badge tone={user.role === 'admin' ? 'indigo' : 'slate'}>{user.role}</Badge>
                </td>
                <td className="px-4 py-3">
                  <Badge tone={user.isActive ? 'green' : 'red'}>
                    {user.isActive ? 'active' : 'inactive'}
                  </Badge>
                </td>
              </tr>
            ))}
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-8 text-center text-slate-500">
                  No users match.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
      <div className="flex justify-between text-sm">
        {searchParams.get('cursor') ? (
          <Link
            to={`?${new URLSearchParams(debounced ? { q: debounced } : {}).toString()}`}
            className="text-indigo-600"
          >
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link
            to={`?${new URLSearchParams({ ...(debounced ? { q: debounced } : {}), cursor: String(page.nextCursor) }).toString()}`}
            className="text-indigo-600"
          >
            Next page →
          </Link>
        ) : null}
      </div>
    </div>
  )
}
