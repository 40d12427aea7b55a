import type { ComponentProps } from 'react'
import { AccountLinks } from './account-links.tsx'
import { BalanceChip } from './balance-chip.tsx'
import { MenuIcon } from './icons.tsx'
import { MainNav } from './main-nav.tsx'
import { useDisclosure } from './use-disclosure.ts'

type MobileMenuProps = {
  user: { name: string; email: string; role: string }
  credits: ComponentProps<typeof BalanceChip>['initialCredits'] | null
}

/**
 * Below the lg breakpoint the header keeps the logo, the bell and this button; everything
 * else (balances, sections, account) opens beneath the header in one panel.
 */
export function MobileMenu({ user, credits }: MobileMenuProps) {
  const { open, buttonProps, panelProps } = useDisclosure()
  return (
    <>
      <button
        {...buttonProps}
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden"
      >
        <MenuIcon open={open} />
        Menu
      </button>
      <div
        {...panelProps}
        className="absolute inset-x-0 top-full z-30 max-h-[calc(100vh-4rem)] overflow-y-auto border-b border-slate-200 bg-white px-4 pb-4 pt-2 shadow-lg lg:hidden"
      >
        {open ? (
          <div className="space-y-4">
            {credits ? <BalanceChip initialCredits={credits} stacked /> : null}
            <MainNav isAdmin={user.role === 'admin'} layout="column" />
            <div className="border-t border-slate-200 pt-3">
              <p className="px-3 pb-2 text-sm">
                <span className="block font-semibold text-slate-900">{user.name}</span>
                <span className="block break-all text-slate-600">{user.email}</span>
              </p>
              <AccountLinks />
            </div>
          </div>
        ) : null}
      </div>
    </>
  )
}
