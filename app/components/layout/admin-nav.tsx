import { NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { AdminSearchForm } from '#app/components/admin/search-form.tsx'
import { cn } from '#app/lib/utils.ts'

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/payments', label: 'Payments' },
  { to: '/admin/credits/bulk', label: 'Bulk credits' },
  { to: '/admin/dns-plans', label: 'DNS plans' },
  { to: '/admin/catalog', label: 'Catalog' },
  { to: '/admin/services', label: 'Services' },
  { to: '/admin/provisioning', label: 'Provisioning' },
  { to: '/admin/reports', label: 'Reports' },
  { to: '/admin/mail', label: 'Mail' },
  { to: '/admin/health', label: 'Health' },
  { to: '/admin/settings', label: 'Settings' },
]

/**
 * The admin sections: a sidebar on desktop; on smaller screens one row that scrolls sideways
 * inside itself (the page never does), with the current section scrolled into view.
 */
export function AdminNav() {
  const list = useRef<HTMLUListElement>(null)
  const { pathname, search } = useLocation()
  // On the results page the box keeps the text searched for.
  const query = pathname === '/admin/search' ? (new URLSearchParams(search).get('q') ?? '') : ''
  useEffect(() => {
    const active = list.current?.querySelector<HTMLElement>('[aria-current="page"]')
    const row = list.current
    // Scroll the row only (scrollIntoView would also scroll the page).
    if (active && row && row.scrollWidth > row.clientWidth)
      row.scrollLeft = active.offsetLeft - (row.clientWidth - active.offsetWidth) / 2
  }, [pathname])
  return (
    <div className="min-w-0 space-y-3 lg:space-y-4">
      <AdminSearchForm defaultValue={query} />
      <nav aria-label="Admin">
        <p className="hidden px-3 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 lg:block">
          Admin
        </p>
        <ul
          ref={list}
          className="relative -mx-4 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2 lg:mx-0 lg:flex-col lg:overflow-visible lg:border-0 lg:px-0 lg:pb-0"
        >
          {SECTIONS.map((section) => (
            <li key={section.to} className="shrink-0">
              <NavLink
                to={section.to}
                className={({ isActive }) =>
                  cn(
                    'block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium',
                    isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
                  )
                }
              >
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  )
}
