import {
  createElement,
  forwardRef,
  useId,
  type ComponentPropsWithoutRef,
  type ElementRef,
  type ReactNode,
} from 'react'
import { controlClasses } from '#app/components/ui/input.tsx'
import { cn } from '#app/lib/utils.ts'

type FieldFrameProps = {
  label: ReactNode
  /** Help text under the label, always tied to the control with aria-describedby. */
  description?: ReactNode
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
  { description, errors }: Pick<FieldFrameProps, 'description' | 'errors'>,
) {
  const generated = useId()
  const controlId = id ?? generated
  const messages = errorList(errors)
  const help = description
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

type ControlTag = 'input' | 'select' | 'textarea'

export type FieldProps<Tag extends ControlTag> = FieldFrameProps &
  Omit<ComponentPropsWithoutRef<Tag>, 'className'> & {
    /** Classes of the control itself. */
    controlClassName?: string
  }

/**
 * A labelled control whose description and error are tied to it (aria-describedby,
 * aria-invalid), one per native control.
 */
function fieldOf<Tag extends ControlTag>(tag: Tag, displayName: string) {
  const FieldComponent = forwardRef<ElementRef<Tag>, FieldProps<Tag>>(
    function FieldComponent(allProps, ref) {
      // The frame's own props; the rest belong to the native control.
      const { label, description, errors, className, controlClassName, id, ...props } =
        allProps as FieldProps<ControlTag> & { id?: string }
      const aria = useFieldAria(id, { description, errors })
      const control = createElement(tag, {
        ref,
        id: aria.controlId,
        'aria-invalid': aria.invalid || undefined,
        'aria-describedby': aria.describedBy,
        className: controlClasses(aria.invalid, controlClassName),
        ...props,
      })
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
          {control}
          {aria.errorId ? (
            <p id={aria.errorId} role="alert" className="text-xs font-medium text-rose-700">
              {aria.messages.join(' ')}
            </p>
          ) : null}
        </div>
      )
    },
  )
  FieldComponent.displayName = displayName
  return FieldComponent
}

/** `<Field label errors description …inputProps />` */
export const Field = fieldOf('input', 'Field')
/** `<SelectField label errors …selectProps>{options}</SelectField>` */
export const SelectField = fieldOf('select', 'SelectField')
/** `<TextareaField label errors …textareaProps />` */
export const TextareaField = fieldOf('textarea', 'TextareaField')
