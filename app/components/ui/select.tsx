import { forwardRef, type SelectHTMLAttributes } from 'react'
import { controlClasses } from '#app/components/ui/input.tsx'

export type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }

/** A bare styled native select; use `SelectField` for one with a label and error. */
export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { invalid, className, ...props },
  ref,
) {
  return (
    <select
      ref={ref}
      aria-invalid={invalid || undefined}
      className={controlClasses(invalid, className)}
      {...props}
    />
  )
})
