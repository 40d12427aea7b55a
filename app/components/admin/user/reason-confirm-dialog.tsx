import { useRef, useState, type ReactNode, type RefObject } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { REASON_MAX, REASON_MIN } from '#server/lib/reason.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { check } from './validation.ts'

/** What a confirmed action reports back: nothing when done (the dialog closes), else errors. */
export type ConfirmErrors = { reason?: string; other?: string }

export const REASON_RULE = `Required, ${REASON_MIN}–${REASON_MAX} characters.`

/**
 * The admin tabs' one confirmation: what will happen, an optional required reason (checked
 * by the server's own schema), and a confirm button that stays pending until the action
 * settles. Opened by the caller (`open`); focus goes back to whatever opened it, or to
 * `returnFocusTo` when that is gone (a row whose button disappeared with the change).
 */
export function ReasonConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  pendingLabel,
  cancelLabel,
  tone = 'primary',
  reasonHint,
  returnFocusTo,
  onConfirm,
}: {
  open: boolean
  onClose: () => void
  title: ReactNode
  description: ReactNode
  confirmLabel: string
  pendingLabel: string
  cancelLabel?: string
  tone?: 'primary' | 'danger'
  /** Asks for a reason with this help text (after the length rule). */
  reasonHint?: string
  returnFocusTo?: RefObject<HTMLElement | null>
  onConfirm: (reason: string | null) => Promise<ConfirmErrors | null>
}) {
  const reasonInput = useRef<HTMLInputElement>(null)
  const [reason, setReason] = useState('')
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<ConfirmErrors>({})

  function close() {
    setReason('')
    setErrors({})
    onClose()
  }

  async function confirm() {
    if (pending) return
    let value: string | null = null
    if (reasonHint !== undefined) {
      const checked = check(ZReason, reason)
      if (!checked.ok) return setErrors({ reason: checked.message })
      value = checked.value
    }
    setErrors({})
    setPending(true)
    const result = await onConfirm(value).finally(() => setPending(false))
    if (result) setErrors(result)
    else close()
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) close()
      }}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      pendingLabel={pendingLabel}
      cancelLabel={cancelLabel}
      tone={tone}
      pending={pending}
      returnFocusTo={returnFocusTo}
      initialFocus={reasonHint !== undefined ? reasonInput : undefined}
      onConfirm={() => void confirm()}
    >
      {reasonHint !== undefined ? (
        // A form so Enter in the field confirms, like the button.
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault()
            void confirm()
          }}
        >
          <Field
            ref={reasonInput}
            label="Reason"
            name="reason"
            autoComplete="off"
            description={`${REASON_RULE} ${reasonHint}`}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value)
              setErrors((current) => ({ ...current, reason: undefined }))
            }}
            errors={errors.reason}
          />
        </form>
      ) : null}
      {errors.other ? <Alert tone="error">{errors.other}</Alert> : null}
    </AlertDialog>
  )
}
