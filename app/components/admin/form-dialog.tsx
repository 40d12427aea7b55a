import { useState, type ComponentProps, type ReactNode } from 'react'
import { REASON_RULE } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Dialog, DialogClose, DialogFooter, type DialogProps } from '#app/components/ui/dialog.tsx'
import { Field, TextareaField } from '#app/components/ui/field.tsx'
import { openWhile } from '#app/components/ui/open-while.ts'

/**
 * A dialog with one form about `subject`, open while there is one. The form reports when it
 * is saving (`onPending`), so the dialog cannot be closed under it; it is rendered afresh for
 * each subject by `form`, which should key it.
 */
export function FormDialog<Subject>({
  subject,
  onClose,
  form,
  ...dialog
}: Omit<DialogProps, 'open' | 'onOpenChange' | 'pending' | 'children' | 'trigger'> & {
  subject: Subject | null
  onClose: () => void
  form: (subject: Subject, onPending: (pending: boolean) => void) => ReactNode
}) {
  const [pending, setPending] = useState(false)
  return (
    <Dialog {...openWhile(subject, onClose)} pending={pending} {...dialog}>
      {subject !== null ? form(subject, setPending) : null}
    </Dialog>
  )
}

/** The end of a dialog's form: its own error, then Cancel and the submit button. */
export function FormDialogFooter({
  pending,
  pendingLabel = 'Saving…',
  error,
  children,
}: {
  pending: boolean
  pendingLabel?: string
  /** A failure that belongs to no field. */
  error?: ReactNode
  /** The submit button's label. */
  children: ReactNode
}) {
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="secondary" disabled={pending}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" pending={pending} pendingLabel={pendingLabel}>
          {children}
        </Button>
      </DialogFooter>
    </>
  )
}

/** The required reason of an admin change, recorded in the admin audit log. */
export function ReasonField(props: Omit<ComponentProps<typeof Field>, 'label' | 'description'>) {
  return (
    <Field
      label="Reason"
      name="reason"
      autoComplete="off"
      description={`${REASON_RULE} Recorded in the admin audit log.`}
      {...props}
    />
  )
}

/** A product's or plan's features as customers see them listed, one per line. */
export function FeaturesField(
  props: Omit<ComponentProps<typeof TextareaField>, 'label' | 'description'>,
) {
  return <TextareaField label="Features" description="One per line, up to 20." {...props} />
}

/**
 * A dialog's save that closes the dialog once it succeeded: `save` resolves to the form's
 * errors, or null when saved.
 */
export function closingOnSuccess<Input, Errors>(
  save: (input: Input) => Promise<Errors | null>,
  close: () => void,
) {
  return async (input: Input) => {
    const errors = await save(input)
    if (!errors) close()
    return errors
  }
}
