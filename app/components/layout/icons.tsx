import type { ReactNode } from 'react'

/** A 24-pixel-grid line icon, hidden from assistive technology (its button has the name). */
function LineIcon({ children, strokeWidth = 2 }: { children: ReactNode; strokeWidth?: number }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="h-5 w-5"
    >
      {children}
    </svg>
  )
}

export function BellIcon() {
  return (
    <LineIcon strokeWidth={1.75}>
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </LineIcon>
  )
}

export function MenuIcon({ open }: { open: boolean }) {
  return (
    <LineIcon>
      {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </LineIcon>
  )
}

export function ChevronDownIcon() {
  return (
    <LineIcon>
      <path d="M6 9l6 6 6-6" />
    </LineIcon>
  )
}
