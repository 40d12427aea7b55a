import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react'
import { Spinner } from '#app/components/ui/spinner.tsx'
import { cn } from '#app/lib/utils.ts'

// Hover goes darker, never lighter: white on indigo-700 / rose-700 keeps contrast above 4.5:1
// (button.test.tsx computes it from the Tailwind palette).
export const BUTTON_VARIANTS = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700',
  secondary: 'bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50',
  danger: 'bg-rose-600 text-white hover:bg-rose-700',
  ghost: 'text-slate-700 shadow-none hover:bg-slate-100',
} as const

const SIZES = {
  sm: 'px-2.5 py-1.5 text-xs',
  md: 'px-3 py-2 text-sm',
} as const

export type ButtonVariant = keyof typeof BUTTON_VARIANTS

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant
  size?: keyof typeof SIZES
  /** While true: disabled, aria-busy, a spinner and `pendingLabel` (e.g. "Saving…") instead of the children. */
  pending?: boolean
  pendingLabel?: ReactNode
}

/** The classes of a button, for a `<Link>` that should look like one. */
export function buttonClasses({
  variant = 'primary',
  size = 'md',
  className,
}: { variant?: ButtonVariant; size?: keyof typeof SIZES; className?: string } = {}): string {
  return cn(
    'inline-flex items-center justify-center gap-2 rounded-md font-semibold shadow-sm',
    'disabled:cursor-not-allowed disabled:opacity-60 aria-busy:cursor-wait',
    SIZES[size],
    BUTTON_VARIANTS[variant],
    className,
  )
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant = 'primary',
    size = 'md',
    className,
    type = 'button',
    pending = false,
    pendingLabel,
    disabled,
    children,
    ...props
  },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClasses({ variant, size, className })}
      {...props}
    >
      {pending ? (
        <>
          <Spinner />
          {pendingLabel ?? children}
        </>
      ) : (
        children
      )}
    </button>
  )
})
