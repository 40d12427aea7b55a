import type { ComponentProps } from 'react'
import { AccountLinks } from './account-links.tsx'
import { BalanceChip } from './balance-chip.tsx'
import { useDisclosure } from './use-disclosure.ts'

function Chevron() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
      <path
        fillRule="evenodd"
        d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.17l3.71-3.94a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z"
        clipRule="evenodd"
      />
    </svg>
  )
}

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
        <Chevron />
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
