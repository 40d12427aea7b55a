import { Link } from '@remix-run/react'
import { buttonClasses } from '#app/components/ui/button.tsx'

/**
 * Newest / older links for a keyset-paginated list (page numbers do not exist there). Kept
 * beside the list's query so the filters stay in the URL.
 */
export function CursorPager({
  firstHref,
  nextHref,
  label,
}: {
  /** Back to the newest rows; null on the first page. */
  firstHref: string | null
  nextHref: string | null
  label: string
}) {
  if (!firstHref && !nextHref) return null
  const className = buttonClasses({ variant: 'secondary', size: 'sm' })
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-3">
      {firstHref ? (
        <Link to={firstHref} preventScrollReset className={className}>
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Link to={nextHref} rel="next" preventScrollReset className={className}>
          Older →
        </Link>
      ) : null}
    </nav>
  )
}
