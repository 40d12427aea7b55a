import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react'
import { Alert } from '#app/components/ui/alert.tsx'
import { parseAppError } from '#app/lib/app-error.ts'

/**
 * /billing's ErrorBoundary (billing.tsx: `export { BillingErrorBoundary as ErrorBoundary }`):
 * a failed loader keeps the site's header and navigation around it, names what failed, and
 * offers to try again. Only a 4xx carries the server's own message; a 5xx never shows its text.
 */
export function BillingErrorBoundary() {
  const error = useRouteError()
  const location = useLocation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const fallback =
    status === 503
      ? 'We cannot reach our database right now. Your balances are safe; please try again in a moment.'
      : 'Your balances could not be loaded. Please try again.'
  const message = status < 500 ? parseAppError(error, { fallback }).message : fallback
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Billing</h1>
      <Alert
        tone="error"
        title={status === 503 ? 'Temporarily unavailable' : 'Billing could not be loaded'}
      >
        <p>{message}</p>
        <p className="mt-3 flex flex-wrap gap-4">
          <Link
            to={`${location.pathname}${location.search}`}
            reloadDocument
            className="font-semibold underline"
          >
            Try again
          </Link>
          <Link to="/" className="font-semibold underline">
            Go to the dashboard
          </Link>
        </p>
      </Alert>
    </div>
  )
}
