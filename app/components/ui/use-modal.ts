import type { ReactNode, RefObject } from 'react'
import { useReturnFocus } from '#app/components/ui/use-return-focus.ts'
import { cn } from '#app/lib/utils.ts'

const OVERLAY_CLASSES = 'fixed inset-0 z-40 bg-slate-900/40'
const CONTENT_CLASSES =
  'fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[32rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-lg bg-white p-4 shadow-xl ring-1 ring-slate-200 focus:outline-none sm:p-6'

/** What Dialog and AlertDialog share. */
export type ModalProps = {
  open?: boolean
  onOpenChange?: (open: boolean) => void
  /** An element (usually a Button) that opens the dialog; focus returns to it on close. */
  trigger?: ReactNode
  title: ReactNode
  description?: ReactNode
  children?: ReactNode
  /** While true, Escape, the overlay and the close buttons do not close the dialog. */
  pending?: boolean
  /** Where focus goes on close when the element that opened the dialog is gone or disabled. */
  returnFocusTo?: RefObject<HTMLElement | null>
  /** Focused when the dialog opens (e.g. a reason field) instead of the first button. */
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
}

/**
 * Props for a Radix (Alert)Dialog's Root, Overlay and Content: no closing while pending,
 * focus in and back out (useReturnFocus), one look, and no aria-describedby without a
 * description (Radix warns otherwise).
 */
export function useModal({
  open,
  onOpenChange,
  pending = false,
  description,
  returnFocusTo,
  initialFocus,
  className,
}: Omit<ModalProps, 'title' | 'children' | 'trigger'>) {
  const focus = useReturnFocus(returnFocusTo, initialFocus)
  return {
    root: {
      open,
      onOpenChange: (next: boolean) => {
        if (pending && !next) return
        onOpenChange?.(next)
      },
    },
    overlay: { className: OVERLAY_CLASSES },
    content: {
      className: cn(CONTENT_CLASSES, className),
      onOpenAutoFocus: focus.onOpenAutoFocus,
      onCloseAutoFocus: focus.onCloseAutoFocus,
      ...(description ? {} : { 'aria-describedby': undefined }),
    },
  }
}
