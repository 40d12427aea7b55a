import { useId, type InputHTMLAttributes } from 'react'
import { cn } from '#app/lib/utils.ts'

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string
  errors?: string[] | null
  hint?: string
}

/** A labelled input whose errors are announced and tied to it with aria-describedby. */
export function Field({ label, errors, hint, className, id, ...props }: FieldProps) {
  const generated = useId()
  const inputId = id ?? generated
  const errorId = `${inputId}-error`
  const hasErrors = Boolean(errors && errors.length > 0)
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={inputId}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? errorId : undefined}
        className={cn(
          'block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset',
          hasErrors ? 'ring-rose-400 focus:ring-rose-500' : 'ring-slate-300 focus:ring-indigo-600',
        )}
        {...props}
      />
      {hint && !hasErrors ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {hasErrors ? (
        <p id={errorId} role="alert" className="text-xs text-rose-600">
          {errors!.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
