import { isRouteErrorResponse, Link } from '@remix-run/react'
import { parseAppError } from '#app/lib/app-error.ts'

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

export function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500
}

/**
 * A failed page, inside whatever layout caught it (the site's, or admin's with its
 * navigation): status, title, the server's message for 4xx, and a way on.
 */
export function ErrorContent({
  error,
  home = { to: '/', label: 'Go to the dashboard' },
}: {
  error: unknown
  home?: { to: string; label: string }
}) {
  const status = errorStatus(error)
  const known = STATUS_TEXT[status] ?? STATUS_TEXT[500]!
  const message =
    isRouteErrorResponse(error) && status < 500
      ? parseAppError(error, { fallback: known.hint }).message
      : known.hint
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700">{status}</p>
      <h1 className="mt-2 text-3xl font-bold">{known.title}</h1>
      <p className="mt-4 text-slate-600">{message}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-4 text-sm">
        <Link to={home.to} className="font-semibold text-indigo-700 underline">
          {home.label}
        </Link>
        {status === 401 ? (
          <Link to="/login" className="font-semibold text-indigo-700 underline">
            Sign in
          </Link>
        ) : null}
      </div>
    </div>
  )
}
