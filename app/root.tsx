import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  LiveReload,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { NotificationBell } from '#app/components/notifications/bell.tsx'
import { Toaster } from '#app/components/ui/toast.tsx'
import { getUser } from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'
import { getPublicEnv } from '#app/lib/public-env.server.ts'
import { getCreditBalance } from '#app/lib/services.server.ts'
import { createBrowserTrpcClient, TRPCProvider, useTRPC } from '#app/lib/trpc.ts'
import { cn, errorMessageOf } from '#app/lib/utils.ts'
import stylesheet from '#app/styles/tailwind.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  // No favicon yet; an empty data URL stops the browser asking for /favicon.ico.
  { rel: 'icon', href: 'data:,' },
]

export const meta: MetaFunction = () => [{ title: 'SkyPANEL Billing' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const env = getPublicEnv()
  if (!user) return json({ user: null, credits: null, env })
  return json({
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    credits: await getCreditBalance(db, user.id),
    env,
  })
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full">
        {children}
        <ScrollRestoration />
        <Scripts />
        <LiveReload />
      </body>
    </html>
  )
}

function NavItem({ to, children }: { to: string; children: ReactNode }) {
  return (
    <NavLink
      to={to}
      end={to === '/'}
      className={({ isActive }) =>
        cn(
          'rounded-md px-3 py-2 text-sm font-medium',
          isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
        )
      }
    >
      {children}
    </NavLink>
  )
}

/** The custom-credit balance in the header; refreshed in the background. */
function BalanceChip() {
  const initial = useRouteLoaderData<typeof loader>('root')?.credits
  const trpc = useTRPC()
  const live = useQuery({
    ...trpc.customCredits.balance.queryOptions(),
    refetchInterval: 15_000,
  }).data
  const credits = live ?? initial
  if (!credits) return null
  return (
    <Link
      to="/billing?tab=credits"
      aria-label={`Custom credits balance ${credits.balance.formatted}`}
      className={cn(
        'rounded-full px-3 py-1 text-xs font-semibold tabular-nums ring-1',
        credits.owed
          ? 'bg-rose-50 text-rose-700 ring-rose-200'
          : 'bg-emerald-50 text-emerald-800 ring-emerald-200',
      )}
      data-testid="balance-chip"
    >
      {credits.balance.formatted}
    </Link>
  )
}

function Header() {
  const user = useOptionalUser()
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <div className="flex items-center gap-6">
          <Link to="/" className="text-lg font-bold text-indigo-700">
            SkyPANEL
          </Link>
          {user ? (
            <nav aria-label="Main" className="flex gap-1">
              <NavItem to="/">Dashboard</NavItem>
              <NavItem to="/billing">Billing</NavItem>
              <NavItem to="/dns-plans">DNS Plans</NavItem>
              {user.role === 'admin' ? <NavItem to="/admin">Admin</NavItem> : null}
            </nav>
          ) : null}
        </div>
        {user ? (
          <div className="flex items-center gap-3 text-sm">
            <BalanceChip />
            <NotificationBell />
            <span className="text-slate-600" data-testid="current-user">
              {user.name}
            </span>
            <Form method="post" action="/logout">
              <button
                type="submit"
                className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100"
              >
                Log out
              </button>
            </Form>
          </div>
        ) : (
          <nav aria-label="Account" className="flex gap-2 text-sm">
            <NavItem to="/login">Log in</NavItem>
            <NavItem to="/register">Register</NavItem>
          </nav>
        )}
      </div>
    </header>
  )
}

export default function App() {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } }),
  )
  const [trpcClient] = useState(createBrowserTrpcClient)
  return (
    <Document>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <Toaster>
            <Header />
            <main className="mx-auto max-w-6xl px-4 py-8">
              <Outlet />
            </main>
          </Toaster>
        </TRPCProvider>
      </QueryClientProvider>
    </Document>
  )
}

const STATUS_TEXT: Record<number, { title: string; hint: string }> = {
  401: { title: 'Please sign in', hint: 'You need to be signed in to see this page.' },
  403: { title: 'Access denied', hint: 'You do not have permission to see this page.' },
  404: { title: 'Page not found', hint: 'We could not find what you were looking for.' },
  500: { title: 'Something went wrong', hint: 'An unexpected error occurred. Please try again.' },
  503: {
    title: 'Temporarily unavailable',
    hint: 'We cannot reach our database right now. Please try again in a moment.',
  },
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const known = STATUS_TEXT[status] ?? STATUS_TEXT[500]!
  const message =
    isRouteErrorResponse(error) && status < 500
      ? errorMessageOf(error.data, known.hint)
      : known.hint
  return (
    <Document>
      <main className="mx-auto max-w-xl px-4 py-24 text-center">
        <p className="text-sm font-semibold text-indigo-600">{status}</p>
        <h1 className="mt-2 text-3xl font-bold">{known.title}</h1>
        <p className="mt-4 text-slate-600">{message}</p>
        <div className="mt-8 flex justify-center gap-4 text-sm">
          <Link to="/" className="font-semibold text-indigo-600">
            Go to the dashboard
          </Link>
          {status === 401 ? (
            <Link to="/login" className="font-semibold text-indigo-600">
              Sign in
            </Link>
          ) : null}
        </div>
      </main>
    </Document>
  )
}
