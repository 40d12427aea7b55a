import * as AlertDialogPrimitive from '@radix-ui/react-alert-dialog'
import type { ReactNode, RefObject } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { CONTENT_CLASSES, DialogFooter, OVERLAY_CLASSES } from '#app/components/ui/dialog.tsx'
import { useReturnFocus } from '#app/components/ui/use-return-focus.ts'
import { cn } from '#app/lib/utils.ts'

export type AlertDialogProps = {
  open?: boolean
  onOpenChange?: (open: boolean) => void
  /** An element (usually a Button) that opens the dialog; focus returns to it on close. */
  trigger?: ReactNode
  title: ReactNode
  /** What will happen; read out with the title when the dialog opens. */
  description?: ReactNode
  /** More content under the description (a reason field, an error Alert, …). */
  children?: ReactNode
  confirmLabel: ReactNode
  /** Shown with a spinner on the confirm button while `pending`, e.g. "Removing…". */
  pendingLabel?: ReactNode
  cancelLabel?: ReactNode
  onConfirm: () => void
  /** While true the confirm button spins and the dialog cannot be closed or confirmed again. */
  pending?: boolean
  tone?: 'primary' | 'danger'
  confirmDisabled?: boolean
  /** Where focus goes on close when the element that opened the dialog is gone or disabled. */
  returnFocusTo?: RefObject<HTMLElement | null>
  /** Focused when the dialog opens (e.g. a reason field) instead of the first button. */
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
}

/**
 * A confirmation (Radix AlertDialog). Confirming does not close it: the caller closes it when
 * the action succeeds, so a failure shows in place and nothing is confirmed twice.
 * Escape and Cancel close it (not while pending); focus returns to whatever opened it.
 */
export function AlertDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  confirmLabel,
  pendingLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  pending = false,
  tone = 'primary',
  confirmDisabled = false,
  returnFocusTo,
  initialFocus,
  className,
}: AlertDialogProps) {
  const focus = useReturnFocus(returnFocusTo, initialFocus)
  return (
    <AlertDialogPrimitive.Root
      open={open}
      onOpenChange={(next) => {
        if (pending && !next) return
        onOpenChange?.(next)
      }}
    >
      {trigger ? (
        <AlertDialogPrimitive.Trigger asChild>{trigger}</AlertDialogPrimitive.Trigger>
      ) : null}
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className={OVERLAY_CLASSES} />
        <AlertDialogPrimitive.Content
          className={cn(CONTENT_CLASSES, className)}
          onOpenAutoFocus={focus.onOpenAutoFocus}
          onCloseAutoFocus={focus.onCloseAutoFocus}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
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
              <Button variant="secondary" disabled={pending}>
                {cancelLabel}
              </Button>
            </AlertDialogPrimitive.Cancel>
            <Button
              variant={tone}
              onClick={onConfirm}
              disabled={confirmDisabled}
              pending={pending}
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
