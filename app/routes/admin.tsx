import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { cn } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'Admin · SkyPANEL' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return null
}

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/payments', label: 'Payments' },
  { to: '/admin/dns-plans', label: 'DNS plans' },
]

export default function AdminLayout() {
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
      <div className="min-w-0">
        <Outlet />
      </div>
    </div>
  )
}
