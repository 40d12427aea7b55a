import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { Input } from '#app/components/ui/input.tsx'
import { Select } from '#app/components/ui/select.tsx'
import { Textarea } from '#app/components/ui/textarea.tsx'
import { cn } from '#app/lib/utils.ts'

type FieldFrameProps = {
  label: ReactNode
  /** Help text under the label, always tied to the control with aria-describedby. */
  description?: ReactNode
  /** @deprecated the old name of `description`. */
  hint?: ReactNode
  /** One message or several; empty means valid. */
  errors?: string[] | string | null
  /** Classes of the wrapping div (layout), not of the control. */
  className?: string
}

function errorList(errors: FieldFrameProps['errors']): string[] {
  if (!errors) return []
  return (Array.isArray(errors) ? errors : [errors]).filter(Boolean)
}

/** Ids and aria attributes that tie a control to its description and error. */
export function useFieldAria(
  id: string | undefined,
  { description, hint, errors }: Pick<FieldFrameProps, 'description' | 'hint' | 'errors'>,
) {
  const generated = useId()
  const controlId = id ?? generated
  const messages = errorList(errors)
  const help = description ?? hint
  const descriptionId = help ? `${controlId}-description` : undefined
  const errorId = messages.length > 0 ? `${controlId}-error` : undefined
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined
  return {
    controlId,
    descriptionId,
    errorId,
    describedBy,
    messages,
    help,
    invalid: messages.length > 0,
  }
}

function FieldFrame({
  label,
  className,
  aria,
  children,
}: Pick<FieldFrameProps, 'label' | 'className'> & {
  aria: ReturnType<typeof useFieldAria>
  children: ReactNode
}) {
  return (
    <div className={cn('space-y-1', className)}>
      <label htmlFor={aria.controlId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {aria.help ? (
        <p id={aria.descriptionId} className="text-xs text-slate-500">
          {aria.help}
        </p>
      ) : null}
      {children}
      {aria.errorId ? (
        <p id={aria.errorId} role="alert" className="text-xs font-medium text-rose-700">
          {aria.messages.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

type FieldProps = FieldFrameProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> & {
    /** Classes of the input itself. */
    inputClassName?: string
  }

/** A labelled input whose description and error are tied to it (aria-describedby, aria-invalid). */
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { label, description, hint, errors, className, inputClassName, id, ...props },
  ref,
) {
  const aria = useFieldAria(id, { description, hint, errors })
  return (
    <FieldFrame label={label} className={className} aria={aria}>
      <Input
        ref={ref}
        id={aria.controlId}
        invalid={aria.invalid}
        aria-describedby={aria.describedBy}
        className={inputClassName}
        {...props}
      />
    </FieldFrame>
  )
})

type SelectFieldProps = FieldFrameProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'> & { selectClassName?: string }

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, description, hint, errors, className, selectClassName, id, ...props },
  ref,
) {
  const aria = useFieldAria(id, { description, hint, errors })
  return (
    <FieldFrame label={label} className={className} aria={aria}>
      <Select
        ref={ref}
        id={aria.controlId}
        invalid={aria.invalid}
        aria-describedby={aria.describedBy}
        className={selectClassName}
        {...props}
      />
    </FieldFrame>
  )
})

type TextareaFieldProps = FieldFrameProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'> & { textareaClassName?: string }

export const TextareaField = forwardRef<HTMLTextAreaElement, TextareaFieldProps>(
  function TextareaField(
    { label, description, hint, errors, className, textareaClassName, id, ...props },
    ref,
  ) {
    const aria = useFieldAria(id, { description, hint, errors })
    return (
      <FieldFrame label={label} className={className} aria={aria}>
        <Textarea
          ref={ref}
          id={aria.controlId}
          invalid={aria.invalid}
          aria-describedby={aria.describedBy}
          className={textareaClassName}
          {...props}
        />
      </FieldFrame>
    )
  },
)
