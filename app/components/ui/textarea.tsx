import { forwardRef, type TextareaHTMLAttributes } from 'react'
import { controlClasses } from '#app/components/ui/input.tsx'

export type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }

/** A bare styled textarea; use `TextareaField` for one with a label and error. */
export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { invalid, className, ...props },
  ref,
) {
  return (
    <textarea
      ref={ref}
      aria-invalid={invalid || undefined}
      className={controlClasses(invalid, className)}
      {...props}
    />
  )
})
