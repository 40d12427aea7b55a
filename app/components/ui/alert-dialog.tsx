import * as AlertDialogPrimitive from '@radix-ui/react-alert-dialog'
import type { ReactNode } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { DialogFooter } from '#app/components/ui/dialog.tsx'
import { useModal, type ModalProps } from '#app/components/ui/use-modal.ts'

export type AlertDialogProps = ModalProps & {
  confirmLabel: ReactNode
  /** Shown with a spinner on the confirm button while `pending`, e.g. "Removing…". */
  pendingLabel?: ReactNode
  cancelLabel?: ReactNode
  onConfirm: () => void
  tone?: 'primary' | 'danger'
  confirmDisabled?: boolean
}

/**
 * A confirmation (Radix AlertDialog). Confirming does not close it: the caller closes it when
 * the action succeeds, so a failure shows in place and nothing is confirmed twice. While
 * `pending` the confirm button spins and nothing closes it. `description` says what will
 * happen (read out with the title); `children` adds more (a reason field, an error Alert).
 */
export function AlertDialog({
  trigger,
  title,
  description,
  children,
  confirmLabel,
  pendingLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  tone = 'primary',
  confirmDisabled = false,
  ...rest
}: AlertDialogProps) {
  const modal = useModal({ description, ...rest })
  return (
    <AlertDialogPrimitive.Root {...modal.root}>
      {trigger ? (
        <AlertDialogPrimitive.Trigger asChild>{trigger}</AlertDialogPrimitive.Trigger>
      ) : null}
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay {...modal.overlay} />
        <AlertDialogPrimitive.Content {...modal.content}>
          <AlertDialogPrimitive.Title className="text-lg font-semibold">
            {title}
          </AlertDialogPrimitive.Title>
          {description ? (
            <AlertDialogPrimitive.Description asChild>
              <div className="space-y-3 text-sm text-slate-700">{description}</div>
            </AlertDialogPrimitive.Description>
          ) : null}
          {children}
          <DialogFooter>
            <AlertDialogPrimitive.Cancel asChild>
              <Button variant="secondary" disabled={rest.pending}>
                {cancelLabel}
              </Button>
            </AlertDialogPrimitive.Cancel>
            <Button
              variant={tone}
              onClick={onConfirm}
              disabled={confirmDisabled}
              pending={rest.pending}
              pendingLabel={pendingLabel}
            >
              {confirmLabel}
            </Button>
          </DialogFooter>
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  )
}
