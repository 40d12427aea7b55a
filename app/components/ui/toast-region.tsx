import * as ToastPrimitive from '@radix-ui/react-toast'
import { CloseIcon } from '#app/components/ui/close-icon.tsx'
import { statusPanel } from '#app/components/ui/tones.ts'
import { cn } from '#app/lib/utils.ts'
import type { Toast } from './toast.tsx'

/**
 * Where toasts appear: just under the header (never over its menu button) — on a phone across
 * the width, on a desktop in the top-right corner — so they cover neither the navigation nor
 * the buttons and forms whose outcome they report (those sit lower in the page).
 */
export const TOAST_VIEWPORT_CLASSES =
  'fixed inset-x-2 top-16 z-[60] flex max-h-screen flex-col gap-2 outline-none sm:inset-x-auto sm:right-4 sm:w-96'

/**
 * The toasts and their region (Radix Toast), loaded with the first toast (ui/toast.tsx):
 * no page needs them to render.
 */
export default function ToastRegion({
  toasts,
  onClose,
}: {
  toasts: Toast[]
  onClose: (id: number) => void
}) {
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={6000} label="Notification">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onClose={() => onClose(toast.id)} />
      ))}
      <ToastPrimitive.Viewport className={TOAST_VIEWPORT_CLASSES} />
    </ToastPrimitive.Provider>
  )
}

function ToastItem({ toast, onClose }: { toast: Omit<Toast, 'id'>; onClose: () => void }) {
  return (
    <ToastPrimitive.Root
      // Errors are announced at once (assertive); the rest politely.
      type={toast.tone === 'error' ? 'foreground' : 'background'}
      // An error stays until it is closed: there may be something to read or do.
      duration={toast.tone === 'error' ? Infinity : undefined}
      onOpenChange={(open) => {
        if (!open) onClose()
      }}
      className={cn(
        'flex items-start gap-3 rounded-md p-4 shadow-lg ring-1',
        statusPanel(toast.tone),
      )}
    >
      <div className="min-w-0 flex-1">
        <ToastPrimitive.Title className="text-sm font-semibold">{toast.title}</ToastPrimitive.Title>
        {toast.description ? (
          <ToastPrimitive.Description className="mt-1 text-sm">
            {toast.description}
          </ToastPrimitive.Description>
        ) : null}
      </div>
      <ToastPrimitive.Close
        aria-label="Close notification"
        className="-m-1 shrink-0 rounded-md p-1 opacity-70 hover:bg-black/5 hover:opacity-100"
      >
        <CloseIcon className="size-4" />
      </ToastPrimitive.Close>
    </ToastPrimitive.Root>
  )
}
