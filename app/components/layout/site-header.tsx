import { Link, NavLink } from '@remix-run/react'
import type { ComponentProps } from 'react'
import { NotificationBell } from '#app/components/notifications/bell.tsx'
import { cn } from '#app/lib/utils.ts'
import { BalanceChip } from './balance-chip.tsx'
import { MainNav } from './main-nav.tsx'
import { MobileMenu } from './mobile-menu.tsx'
import { useBranding } from './use-branding.ts'
import { UserMenu } from './user-menu.tsx'

type SiteHeaderProps = {
  /** undefined: the root loader failed, so who is signed in is unknown (logo only). */
  session:
    | {
        user: { name: string; email: string; role: string } | null
        credits: ComponentProps<typeof BalanceChip>['initialCredits'] | null
      }
    | undefined
}

function GuestLinks() {
  const item = ({ isActive }: { isActive: boolean }) =>
    cn(
      'rounded-md px-3 py-2 text-sm font-medium',
      isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
    )
  return (
    <nav aria-label="Account" className="flex gap-1">
      <NavLink to="/login" className={item}>
        Log in
      </NavLink>
      <NavLink to="/register" className={item}>
        Register
      </NavLink>
    </nav>
  )
}

/** The company's logo (when an admin uploaded one) and name; a long name is cut, never wrapped. */
function HomeLink() {
  const { companyName, logoUrl } = useBranding()
  return (
    <Link
      to="/"
      className="flex min-w-0 items-center gap-2 text-lg font-bold text-indigo-700"
      data-testid="company-name"
    >
      {logoUrl ? <img src={logoUrl} alt="" className="h-8 w-auto max-w-[8rem] shrink-0" /> : null}
      <span className="max-w-[12rem] truncate sm:max-w-[16rem]" title={companyName}>
        {companyName}
      </span>
    </Link>
  )
}

/**
 * Desktop (lg and up): logo, sections, bell, user menu, and from xl both balances (between
 * lg and xl they are in the user menu, so the row fits 1024 px). Smaller: logo, bell and a
 * Menu button that opens the rest, so nothing is pushed off a phone's screen.
 */
export function SiteHeader({ session }: SiteHeaderProps) {
  const user = session?.user ?? null
  const credits = session?.credits ?? null
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
        <div className="flex min-w-0 items-center gap-6">
          <HomeLink />
          {user ? (
            <MainNav isAdmin={user.role === 'admin'} layout="row" className="hidden lg:block" />
          ) : null}
        </div>
        {user ? (
          <div className="flex items-center gap-2 lg:gap-3">
            {credits ? (
              <div className="hidden xl:block">
                <BalanceChip initialCredits={credits} />
              </div>
            ) : null}
            <NotificationBell />
            <div className="hidden lg:block">
              <UserMenu name={user.name} email={user.email} credits={credits} />
            </div>
            <MobileMenu user={user} credits={credits} />
          </div>
        ) : session ? (
          <GuestLinks />
        ) : null}
      </div>
    </header>
  )
}
