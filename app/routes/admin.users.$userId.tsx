import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { Badge } from '#app/components/ui/card.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { cn } from '#app/lib/utils.ts'

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const user = await callOrThrow(request, () =>
    caller.admin.users.get({ userId: Number(params.userId) }),
  )
  return json({ user })
}

export const TABS = [
  { to: '', label: 'Profile' },
  { to: 'credits', label: 'Custom Credits' },
  { to: 'virtfusion', label: 'VirtFusion' },
  { to: 'dns', label: 'DNS plan' },
]

export default function AdminUserLayout() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <Link to="/admin/users" className="text-sm text-indigo-600">
          ← All users
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{user.name}</h1>
          <Badge tone={user.role === 'admin' ? 'indigo' : 'slate'}>{user.role}</Badge>
          <Badge tone={user.isActive ? 'green' : 'red'}>
            {user.isActive ? 'active' : 'inactive'}
          </Badge>
        </div>
        <p className="text-sm text-slate-600">{user.email}</p>
      </div>
      <nav aria-label="User sections" className="flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <NavLink
            key={tab.label}
            to={tab.to}
            end
            className={({ isActive }) =>
              cn(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
                isActive
                  ? 'border-indigo-600 text-indigo-700'
                  : 'border-transparent text-slate-600 hover:text-slate-900',
              )
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  )
}
