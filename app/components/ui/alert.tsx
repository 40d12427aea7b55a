import type { HTMLAttributes, ReactNode } from 'react'
import { cn } from '#app/lib/utils.ts'

const TONES = {
  error: 'bg-rose-50 text-rose-800 ring-rose-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
} as const

export type AlertTone = keyof typeof TONES

/**
 * An inline message. Only errors interrupt a screen reader (role="alert"); warnings, successes
 * and information are polite status messages — a warning is not an error.
 */
export function Alert({
  tone = 'error',
  title,
  className,
  children,
  ...props
}: Omit<HTMLAttributes<HTMLDivElement>, 'title'> & { tone?: AlertTone; title?: ReactNode }) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={cn('rounded-md p-3 text-sm ring-1', TONES[tone], className)}
      {...props}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {title && children ? <div className="mt-1">{children}</div> : children}
    </div>
  )
}
