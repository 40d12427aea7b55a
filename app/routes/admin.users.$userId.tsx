import { json, type LoaderFunctionArgs } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Link,
  NavLink,
  Outlet,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { DetailHeader } from '#app/components/admin/detail-header.tsx'
import { ErrorContent } from '#app/components/layout/error-content.tsx'
import type { RouteFocusHandle } from '#app/components/layout/route-focus.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { cn } from '#app/lib/utils.ts'

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = await serverCaller(request, context)
  const user = await callOrThrow(request, () =>
    caller.admin.users.get({ userId: Number(params.userId) }),
  )
  return json({ user })
}

// Between tabs, focus stays on the tab link the admin chose; the user's header is unchanged.
export const handle: RouteFocusHandle = { keepFocusBetweenChildren: true }

export const TABS = [
  { to: '', label: 'Profile' },
  { to: 'credits', label: 'Custom Credits' },
  { to: 'virtfusion', label: 'VirtFusion' },
  { to: 'dns', label: 'DNS plan' },
]

type User = ReturnType<typeof useLoaderData<typeof loader>>['user']

/** The user's header and tabs: kept around a tab that failed. */
function UserShell({ user, children }: { user: User; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <DetailHeader
        back={{ to: '/admin/users', label: 'All users' }}
        title={user.name}
        badges={
          <>
            <Badge tone={user.role === 'admin' ? 'indigo' : 'slate'}>{user.role}</Badge>
            <Badge tone={user.isActive ? 'green' : 'red'}>
              {user.isActive ? 'active' : 'inactive'}
            </Badge>
          </>
        }
      >
        {user.email} ·{' '}
        <Link to={`/admin/services?user=${user.id}`} className="text-indigo-700 underline">
          Their services
        </Link>
      </DetailHeader>
      {/* px-2 leaves the focus ring room at the row's ends (-mx-2 keeps the tabs aligned). */}
      <nav
        aria-label="User sections"
        className="-mx-2 flex scroll-px-3 gap-1 overflow-x-auto whitespace-nowrap border-b border-slate-200 px-2"
      >
        {TABS.map((tab) => (
          <NavLink
            key={tab.label}
            to={tab.to}
            end
            // Chrome leaves a half-hidden tab where it is in the sideways-scrolling row (phones)
            // when the keyboard focuses it; focus stays here across tabs, so it must be seen.
            onFocus={(event) => {
              if (event.currentTarget.matches(':focus-visible'))
                event.currentTarget.scrollIntoView({ block: 'nearest', inline: 'nearest' })
            }}
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
      {children}
    </div>
  )
}

export default function AdminUserLayout() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <UserShell user={user}>
      <Outlet />
    </UserShell>
  )
}

/**
 * A tab whose loader failed (or answered 404) keeps the user's header and tabs, so the admin
 * can move to another tab. When the user itself cannot be loaded (unknown id), the admin
 * layout's navigation stays around the error.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const data = useRouteLoaderData<typeof loader>('routes/admin.users.$userId')
  if (!data) {
    return (
      <ErrorContent error={error} home={{ to: '/admin/users', label: 'Go to the users list' }} />
    )
  }
  const notFound = isRouteErrorResponse(error) && error.status === 404
  const fallback = notFound
    ? 'There is nothing here for this user.'
    : 'This section could not be loaded. Please try again.'
  return (
    <UserShell user={data.user}>
      <Alert tone="error" title={notFound ? 'Not found' : 'This section could not be loaded'}>
        {isRouteErrorResponse(error) && error.status < 500
          ? parseAppError(error, { fallback }).message
          : fallback}
      </Alert>
    </UserShell>
  )
}
