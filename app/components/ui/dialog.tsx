import * as DialogPrimitive from '@radix-ui/react-dialog'
import type { ReactNode } from 'react'
import { CloseIcon } from '#app/components/ui/close-icon.tsx'
import { useModal, type ModalProps } from '#app/components/ui/use-modal.ts'

export type DialogProps = ModalProps & {
  /** Buttons at the bottom, right-aligned (stacked on phones). */
  footer?: ReactNode
}

/**
 * A modal dialog (Radix): Escape, the overlay and the × close it; focus is trapped inside and
 * returns to whatever opened it (see useReturnFocus), trigger or not.
 */
export function Dialog({ trigger, title, description, children, footer, ...rest }: DialogProps) {
  const modal = useModal({ description, ...rest })
  return (
    <DialogPrimitive.Root {...modal.root}>
      {trigger ? <DialogPrimitive.Trigger asChild>{trigger}</DialogPrimitive.Trigger> : null}
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay {...modal.overlay} />
        <DialogPrimitive.Content {...modal.content}>
          <div className="flex items-start justify-between gap-4">
            <DialogPrimitive.Title className="text-lg font-semibold">{title}</DialogPrimitive.Title>
            <DialogPrimitive.Close
              disabled={rest.pending}
              aria-label="Close"
              className="-m-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50"
            >
              <CloseIcon />
            </DialogPrimitive.Close>
          </div>
          {description ? (
            <DialogPrimitive.Description className="text-sm text-slate-600">
              {description}
            </DialogPrimitive.Description>
          ) : null}
          {children}
          {footer ? <DialogFooter>{footer}</DialogFooter> : null}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  )
}

/** Right-aligned dialog buttons, stacked full-width on phones with the primary action on top. */
export function DialogFooter({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end sm:gap-3">
      {children}
    </div>
  )
}

/** A button that closes the surrounding Dialog (e.g. Cancel). */
export const DialogClose = DialogPrimitive.Close
