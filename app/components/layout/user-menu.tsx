import type { ComponentProps } from 'react'
import { AccountLinks } from './account-links.tsx'
import { BalanceChip } from './balance-chip.tsx'
import { ChevronDownIcon } from './icons.tsx'
import { useDisclosure } from './use-disclosure.ts'

/** The desktop header's user button: the name, opening the account links. */
export function UserMenu({
  name,
  email,
  credits,
}: {
  name: string
  email: string
  credits: ComponentProps<typeof BalanceChip>['initialCredits'] | null
}) {
  const { open, buttonProps, panelProps } = useDisclosure()
  return (
    <div className="relative">
      <button
        {...buttonProps}
        className="flex max-w-[12rem] items-center gap-1 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        <span className="truncate" data-testid="current-user">
          {name}
        </span>
        <span className="-mr-1">
          <ChevronDownIcon />
        </span>
        <span className="sr-only">account menu</span>
      </button>
      <div
        {...panelProps}
        className="absolute right-0 top-full z-30 mt-2 w-64 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200"
      >
        {open ? (
          <>
            <p className="truncate px-3 pb-2 pt-1 text-xs text-slate-600" title={email}>
              Signed in as <span className="font-medium text-slate-900">{email}</span>
            </p>
            {credits ? (
              // The header shows the chip from xl; narrower desktops find the balances here.
              <div className="px-1 pb-2 xl:hidden">
                <BalanceChip initialCredits={credits} stacked />
              </div>
            ) : null}
            <AccountLinks />
          </>
        ) : null}
      </div>
    </div>
  )
}
