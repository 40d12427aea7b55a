import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'
import { latestChecks } from '#app/lib/ops.server.ts'
import { cn } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'Admin · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const checks = await latestChecks(db)
  // A ledger finding is shown on every admin page until a clean check replaces it.
  return json({ ledgerDrift: checks.ledger?.outcome === 'findings' })
}

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/payments', label: 'Payments' },
  { to: '/admin/credits/bulk', label: 'Bulk credits' },
  { to: '/admin/dns-plans', label: 'DNS plans' },
  { to: '/admin/reports', label: 'Reports' },
  { to: '/admin/health', label: 'Health' },
]

export default function AdminLayout() {
  const { ledgerDrift } = useLoaderData<typeof loader>()
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
      <nav aria-label="Admin" className="flex flex-col gap-1">
        <p className="px-3 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
          Admin
        </p>
        {SECTIONS.map((section) => (
          <NavLink
            key={section.to}
            to={section.to}
            className={({ isActive }) =>
              cn(
                'rounded-md px-3 py-2 text-sm font-medium',
                isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
              )
            }
          >
            {section.label}
          </NavLink>
        ))}
      </nav>
      <div className="min-w-0 space-y-4">
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
      </div>
    </div>
  )
}
