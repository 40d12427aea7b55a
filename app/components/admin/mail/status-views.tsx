import { NavLink } from '@remix-run/react'
import { cn } from '#app/lib/utils.ts'
import { STATUS_VIEWS, mailHref, type MailQuery } from './mail-query.ts'

/** The list's status views as links (they work without JavaScript and keep the URL shareable). */
export function StatusViews({ current }: { current: MailQuery['status'] }) {
  return (
    <nav aria-label="Message status" className="-mx-1 flex flex-wrap gap-1">
      {STATUS_VIEWS.map(([status, label]) => (
        <NavLink
          key={label}
          to={mailHref(status)}
          aria-current={status === current ? 'page' : undefined}
          preventScrollReset
          className={cn(
            'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-slate-200',
            status === current
              ? 'bg-slate-900 text-white'
              : 'bg-white text-slate-700 hover:bg-slate-50',
          )}
        >
          {label}
        </NavLink>
      ))}
    </nav>
  )
}
