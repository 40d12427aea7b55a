import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * The head of an admin detail page (a user, a service): the way back to its list, the title
 * with its badges beside it, and a line of what it is.
 */
export function DetailHeader({
  back,
  title,
  badges,
  children,
}: {
  back: { to: string; label: string }
  title: ReactNode
  badges: ReactNode
  /** The line under the title. */
  children: ReactNode
}) {
  return (
    <div className="min-w-0">
      <Link to={back.to} className="text-sm text-indigo-700 underline">
        ← {back.label}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="break-words text-2xl font-bold">{title}</h1>
        {badges}
      </div>
      <p className="break-words text-sm text-slate-600">{children}</p>
    </div>
  )
}
