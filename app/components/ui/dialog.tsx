import * as DialogPrimitive from '@radix-ui/react-dialog'
import type { ReactNode, RefObject } from 'react'
import { useReturnFocus } from '#app/components/ui/use-return-focus.ts'
import { cn } from '#app/lib/utils.ts'

export const OVERLAY_CLASSES = 'fixed inset-0 z-40 bg-slate-900/40'
export const CONTENT_CLASSES =
  'fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-lg bg-white p-4 shadow-xl ring-1 ring-slate-200 focus:outline-none sm:p-6'

export type DialogProps = {
  open?: boolean
  onOpenChange?: (open: boolean) => void
  /** An element (usually a Button) that opens the dialog; focus returns to it on close. */
  trigger?: ReactNode
  title: ReactNode
  description?: ReactNode
  children?: ReactNode
  /** Buttons at the bottom, right-aligned (stacked on phones). */
  footer?: ReactNode
  /** While true, Escape, the overlay and the close button do not close the dialog. */
  pending?: boolean
  /** Where focus goes on close when the element that opened the dialog is gone or disabled. */
  returnFocusTo?: RefObject<HTMLElement | null>
  /** Focused when the dialog opens (e.g. a reason field) instead of the first button. */
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
}

/**
 * A modal dialog (Radix): Escape, the overlay and the × close it; focus is trapped inside and
 * returns to whatever opened it (see useReturnFocus), trigger or not.
 */
export function Dialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  footer,
  pending = false,
  returnFocusTo,
  initialFocus,
  className,
}: DialogProps) {
  const focus = useReturnFocus(returnFocusTo, initialFocus)
  return (
    <DialogPrimitive.Root
      open={open}
      onOpenChange={(next) => {
        if (pending && !next) return
        onOpenChange?.(next)
      }}
    >
      {trigger ? <DialogPrimitive.Trigger asChild>{trigger}</DialogPrimitive.Trigger> : null}
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className={OVERLAY_CLASSES} />
        <DialogPrimitive.Content
          className={cn(CONTENT_CLASSES, className)}
          onOpenAutoFocus={focus.onOpenAutoFocus}
          onCloseAutoFocus={focus.onCloseAutoFocus}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <div className="flex items-start justify-between gap-4">
            <DialogPrimitive.Title className="text-lg font-semibold">{title}</DialogPrimitive.Title>
            <DialogPrimitive.Close
              disabled={pending}
              aria-label="Close"
              className="-m-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50"
            >
              <svg viewBox="0 0 20 20" className="size-5" aria-hidden="true" fill="currentColor">
                <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
              </svg>
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
