import type { ReactNode } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import type { ModalProps } from '#app/components/ui/use-modal.ts'

/**
 * The one confirmation for ending a paid service at its period end (DNS plans and other
 * services): what stays, that nothing renews or is refunded, and that it can be resumed.
 */
export function CancelAtPeriodEndDialog({
  open,
  onClose,
  title,
  what,
  paidUntil,
  confirmLabel,
  keepLabel,
  onConfirm,
  pending,
  error,
  returnFocusTo,
}: {
  open: boolean
  onClose: () => void
  title: string
  /** Says what stays ("Pro stays active", "It stays yours"); undefined while closed. */
  what: string | undefined
  paidUntil: string
  confirmLabel: string
  keepLabel: string
  onConfirm: () => void
  pending: boolean
  error: ReactNode
  returnFocusTo: ModalProps['returnFocusTo']
}) {
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => (next ? null : onClose())}
      title={title}
      description={
        what
          ? `${what} until ${paidUntil} and then ends. It will not renew, and nothing is refunded. You can resume it any time before then.`
          : null
      }
      confirmLabel={confirmLabel}
      pendingLabel="Cancelling…"
      cancelLabel={keepLabel}
      tone="danger"
      onConfirm={onConfirm}
      pending={pending}
      returnFocusTo={returnFocusTo}
    >
      {error ? <Alert>{error}</Alert> : null}
    </AlertDialog>
  )
}
