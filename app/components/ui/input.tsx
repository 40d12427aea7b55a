import { forwardRef, type InputHTMLAttributes } from 'react'
import { cn } from '#app/lib/utils.ts'

/** The look shared by inputs, selects and textareas; focus uses the global focus-visible outline. */
export function controlClasses(invalid: boolean | undefined, className?: string): string {
  return cn(
    'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset',
    'placeholder:text-slate-400 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500',
    invalid ? 'ring-rose-500' : 'ring-slate-300',
    className,
  )
}

export type InputProps = InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }

/** A bare styled input; use `Field` for one with a label, description and error. */
export const Input = forwardRef<HTMLInputElement, InputProps>(function Input(
  { invalid, className, ...props },
  ref,
) {
  return (
    <input
      ref={ref}
      aria-invalid={invalid || undefined}
      className={controlClasses(invalid, className)}
      {...props}
    />
  )
})
