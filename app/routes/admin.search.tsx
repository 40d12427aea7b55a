import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SearchResultsView } from '#app/components/admin/search/search-results.tsx'
import { AdminSearchForm } from '#app/components/admin/search-form.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.q ? `“${data.q}” · Search · Admin · SkyPANEL` : 'Search · Admin · SkyPANEL' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Every admin loader refuses a non-admin itself: a data request (?_data) runs only this one.
  await requireAdmin(request)
  const q = new URL(request.url).searchParams.get('q') ?? ''
  if (!q.trim()) return json({ q, results: null, error: null })
  const caller = await serverCaller(request, context)
  return callOrThrow(request, async () => {
    try {
      return json({ q, results: await caller.admin.search({ q }), error: null })
    } catch (error) {
      // Text the search cannot take (too long, control characters): say so beside the box.
      const parsed = parseAppError(error)
      if (parsed.status !== 400) throw error
      return json({ q, results: null, error: parsed.fieldErrors?.q ?? parsed.message }, 400)
    }
  })
}

export default function AdminSearch() {
  const { q, results, error } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-bold">Search</h1>
        <p className="text-sm text-slate-600">
          Users by email, name or id; payments by top-up id or PayPal order or capture id; ledger
          entries of both balances by id, payment reference or idempotency key.
        </p>
        <AdminSearchForm defaultValue={q} label="Search again" className="max-w-xl" />
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {results ? <SearchResultsView results={results} /> : null}
    </div>
  )
}
