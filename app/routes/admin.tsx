import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AdminNav } from '#app/components/layout/admin-nav.tsx'
import { ErrorContent, errorStatus } from '#app/components/layout/error-content.tsx'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'
import { latestChecks } from '#app/lib/ops.server.ts'
import type { loader as rootLoader } from '#app/root.tsx'
import { withQueryClient } from '#app/lib/trpc.ts'

export const meta: MetaFunction = () => [{ title: 'Admin · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const checks = await latestChecks(db)
  // A ledger finding is shown on every admin page until a clean check replaces it.
  return json({ ledgerDrift: checks.ledger?.outcome === 'findings' })
}

function AdminShell({ children }: { children: ReactNode }) {
  return (
    <div className="grid gap-4 lg:grid-cols-[15rem_1fr] lg:gap-8">
      <AdminNav />
      <div className="min-w-0 space-y-4">{children}</div>
    </div>
  )
}

export default withQueryClient(AdminLayout)

function AdminLayout() {
  const { ledgerDrift } = useLoaderData<typeof loader>()
  return (
    <AdminShell>
      {ledgerDrift ? (
        <div
          role="alert"
          className="rounded-md bg-rose-50 p-3 text-sm text-rose-800 ring-1 ring-rose-200"
        >
          The ledger check found drift between balances and the journal.{' '}
          <Link to="/admin/health" className="font-semibold underline">
            See the findings
          </Link>
        </div>
      ) : null}
      <Outlet />
    </AdminShell>
  )
}

/**
 * A failed admin page (a loader error, an unknown /admin/… path) keeps the admin navigation.
 * Someone who is not an admin (401/403 from this layout's own loader) sees no admin shell.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const user = useRouteLoaderData<typeof rootLoader>('root')?.user
  const status = errorStatus(error)
  if (user?.role !== 'admin' || status === 401 || status === 403)
    return <ErrorContent error={error} />
  return (
    <AdminShell>
      <ErrorContent error={error} home={{ to: '/admin/users', label: 'Go to the users list' }} />
    </AdminShell>
  )
}
