import type { HTMLAttributes, ReactNode } from 'react'
import { statusPanel, type StatusTone } from '#app/components/ui/tones.ts'
import { cn } from '#app/lib/utils.ts'

export type AlertTone = StatusTone

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
      className={cn('rounded-md p-3 text-sm ring-1', statusPanel(tone), className)}
      {...props}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {title && children ? <div className="mt-1">{children}</div> : children}
    </div>
  )
}
