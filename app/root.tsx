import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import {
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorContent } from '#app/components/layout/error-content.tsx'
import { RouteFocus } from '#app/components/layout/route-focus.tsx'
import { SiteHeader } from '#app/components/layout/site-header.tsx'
import { SkipLink } from '#app/components/layout/skip-link.tsx'
import { Toaster } from '#app/components/ui/toast.tsx'
import { getUser } from '#app/lib/auth.server.ts'
import { db } from '#app/lib/db.server.ts'
import { LiveDataRoot } from '#app/lib/live-data.tsx'
import { getPublicEnv } from '#app/lib/public-env.server.ts'
import { getCreditBalance } from '#app/lib/services.server.ts'
import { getSettings, publicBranding } from '#app/lib/settings.server.ts'
import stylesheet from '#app/styles/tailwind.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  // No favicon yet; an empty data URL stops the browser asking for /favicon.ico.
  { rel: 'icon', href: 'data:,' },
]

export const meta: MetaFunction = () => [{ title: 'SkyPANEL Billing' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // Branding from this process's settings copy (at most SETTINGS_CACHE_MS old, ADR 028).
  const [user, settings] = await Promise.all([getUser(request), getSettings(db)])
  const env = getPublicEnv()
  const branding = publicBranding(settings)
  if (!user) return json({ user: null, credits: null, env, branding })
  // Only the credits (one row): the token balance may wait on VirtFusion, so the header
  // fetches it in the background instead of holding up every page.
  return json({
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    credits: await getCreditBalance(db, user.id),
    env,
    branding,
  })
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

/**
 * The page around every route, its error boundaries included: skip link, header, one <main>.
 * Without root data (the root loader itself failed) the header shows only the logo.
 */
export function Layout({ children }: { children: ReactNode }) {
  const session = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full">
        <LiveDataRoot>
          <Toaster>
            <SkipLink />
            <SiteHeader session={session} />
            <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
              {children}
            </main>
            <RouteFocus />
          </Toaster>
        </LiveDataRoot>
        <ScrollRestoration />
        <Scripts />
        <LiveReload />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <ErrorContent error={useRouteError()} />
}
