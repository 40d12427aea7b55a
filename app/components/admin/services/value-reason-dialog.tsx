import { useState, type FormEvent, type ReactNode, type RefObject } from 'react'
import { FormDialog, FormDialogFooter, ReasonField } from '#app/components/admin/form-dialog.tsx'
import { useTextFields } from '#app/components/admin/use-text-fields.ts'
import { Field } from '#app/components/ui/field.tsx'

/** A refusal as the form shows it: on the value, on the reason, or the form's own message. */
export type ValueReasonErrors = { value?: string; reason?: string; other?: string }

export type ValueFieldSpec = {
  label: string
  /** Where the field's errors come from: its key in the schema and in the server's answer. */
  name: string
  inputMode: 'numeric' | 'decimal'
  description?: ReactNode
  initial: string
}

/**
 * One admin change that takes a value and a reason (extend by days, a new price, a refund):
 * `onSubmit` checks both with the server's schema and makes the change, answering the errors
 * to show or null when done (the dialog closes; focus goes back to the button that opened it).
 */
export function ValueReasonDialog<Subject>({
  subject,
  onClose,
  title,
  description,
  field,
  submitLabel,
  pendingLabel,
  returnFocusTo,
  onSubmit,
}: {
  subject: Subject | null
  onClose: () => void
  title: (subject: Subject) => string
  description: (subject: Subject) => ReactNode
  field: (subject: Subject) => ValueFieldSpec
  submitLabel: string
  pendingLabel: string
  returnFocusTo?: RefObject<HTMLElement | null>
  onSubmit: (subject: Subject, value: string, reason: string) => Promise<ValueReasonErrors | null>
}) {
  return (
    <FormDialog
      subject={subject}
      onClose={onClose}
      returnFocusTo={returnFocusTo}
      title={subject === null ? '' : title(subject)}
      description={subject === null ? null : description(subject)}
      form={(subject, onPending) => (
        <ValueReasonForm
          field={field(subject)}
          submitLabel={submitLabel}
          pendingLabel={pendingLabel}
          onPending={onPending}
          onSubmit={async (value, reason) => {
            const errors = await onSubmit(subject, value, reason)
            if (!errors) onClose()
            return errors
          }}
        />
      )}
    />
  )
}

function ValueReasonForm({
  field,
  submitLabel,
  pendingLabel,
  onPending,
  onSubmit,
}: {
  field: ValueFieldSpec
  submitLabel: string
  pendingLabel: string
  onPending: (pending: boolean) => void
  onSubmit: (value: string, reason: string) => Promise<ValueReasonErrors | null>
}) {
  const form = useTextFields(() => ({ value: field.initial, reason: '' }))
  const [pending, setPending] = useState(false)
  const busy = (now: boolean) => {
    setPending(now)
    onPending(now)
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    form.setErrors({})
    busy(true)
    const failed = await onSubmit(form.values.value.trim(), form.values.reason).finally(() =>
      busy(false),
    )
    if (failed) form.setErrors(failed)
  }

  const value = form.text('value')
  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <Field
        {...value}
        label={field.label}
        name={field.name}
        inputMode={field.inputMode}
        description={field.description}
      />
      <ReasonField {...form.text('reason')} />
      <FormDialogFooter pending={pending} pendingLabel={pendingLabel} error={form.errors.other}>
        {submitLabel}
      </FormDialogFooter>
    </form>
  )
}
