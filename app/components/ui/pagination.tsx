import { Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { cn } from '#app/lib/utils.ts'

/** The URL of `page`: same path and parameters, `param` set (removed for page 1). */
export function pageHref(
  location: { pathname: string; search: string },
  page: number,
  param = 'page',
): string {
  const params = new URLSearchParams(location.search)
  if (page <= 1) params.delete(param)
  else params.set(param, String(page))
  const query = params.toString()
  return query ? `${location.pathname}?${query}` : location.pathname
}

/**
 * Previous / next links that keep the current filters and do not jump to the top of the page.
 * Pass `hasNext` when the total is unknown (cursor-style lists), or `pageCount`.
 */
export function Pagination({
  page,
  pageCount,
  hasNext,
  param = 'page',
  label = 'Pagination',
  className,
}: {
  /** 1-based. */
  page: number
  pageCount?: number
  hasNext?: boolean
  param?: string
  label?: string
  className?: string
}) {
  const location = useLocation()
  const next = hasNext ?? (pageCount !== undefined && page < pageCount)
  const prev = page > 1
  if (!prev && !next) return null
  return (
    <nav aria-label={label} className={cn('flex items-center justify-between gap-3', className)}>
      <PageLink to={prev ? pageHref(location, page - 1, param) : null} rel="prev">
        ← Previous
      </PageLink>
      <span className="text-sm text-slate-600">
        Page {page}
        {pageCount ? ` of ${pageCount}` : ''}
      </span>
      <PageLink to={next ? pageHref(location, page + 1, param) : null} rel="next">
        Next →
      </PageLink>
    </nav>
  )
}

function PageLink({ to, rel, children }: { to: string | null; rel: string; children: ReactNode }) {
  const className = buttonClasses({ variant: 'secondary', size: 'sm' })
  if (!to) {
    return (
      <span aria-disabled="true" className={cn(className, 'cursor-not-allowed opacity-50')}>
        {children}
      </span>
    )
  }
  return (
    <Link to={to} rel={rel} preventScrollReset className={className}>
      {children}
    </Link>
  )
}
