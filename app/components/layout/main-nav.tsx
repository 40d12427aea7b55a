import { NavLink } from '@remix-run/react'
import { cn } from '#app/lib/utils.ts'

type MainNavProps = { isAdmin: boolean; layout: 'row' | 'column'; className?: string }

const LINKS = [
  { to: '/', label: 'Dashboard' },
  { to: '/billing', label: 'Billing' },
  { to: '/transactions', label: 'Transactions' },
  { to: '/services', label: 'Services' },
  { to: '/dns-plans', label: 'DNS Plans' },
]

/** The signed-in user's sections: a row in the desktop header, a column in the phone menu. */
export function MainNav({ isAdmin, layout, className }: MainNavProps) {
  const links = isAdmin ? [...LINKS, { to: '/admin', label: 'Admin' }] : LINKS
  return (
    <nav aria-label="Main" className={className}>
      <ul className={cn('flex gap-1', layout === 'column' && 'flex-col')}>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end={link.to === '/'}
              className={({ isActive }) =>
                cn(
                  'block rounded-md px-3 py-2 text-sm font-medium',
                  layout === 'column' && 'text-base',
                  isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
                )
              }
            >
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
