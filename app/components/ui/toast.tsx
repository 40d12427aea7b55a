import * as ToastPrimitive from '@radix-ui/react-toast'
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react'
import { CloseIcon } from '#app/components/ui/close-icon.tsx'
import { statusPanel, type StatusTone } from '#app/components/ui/tones.ts'
import { cn } from '#app/lib/utils.ts'

export type ToastTone = StatusTone
type Toast = { id: number; title: string; description?: string; tone: ToastTone }
type ShowToast = (toast: Omit<Toast, 'id'>) => void

/**
 * Where toasts appear: just under the header (never over its menu button) — on a phone across
 * the width, on a desktop in the top-right corner — so they cover neither the navigation nor
 * the buttons and forms whose outcome they report (those sit lower in the page).
 */
export const TOAST_VIEWPORT_CLASSES =
  'fixed inset-x-2 top-16 z-[60] flex max-h-screen flex-col gap-2 outline-none sm:inset-x-auto sm:right-4 sm:w-96'

const ToastContext = createContext<ShowToast>(() => {})

export function useToast(): ShowToast {
  return useContext(ToastContext)
}

export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const show = useCallback<ShowToast>((toast) => {
    setToasts((current) => [...current, { ...toast, id: Date.now() + Math.random() }])
  }, [])
  return (
    <ToastContext.Provider value={show}>
      <ToastPrimitive.Provider swipeDirection="right" duration={6000} label="Notification">
        {children}
        {toasts.map((toast) => (
          <ToastItem
            key={toast.id}
            toast={toast}
            onClose={() => setToasts((current) => current.filter((t) => t.id !== toast.id))}
          />
        ))}
        <ToastPrimitive.Viewport className={TOAST_VIEWPORT_CLASSES} />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  )
}

export function ToastItem({ toast, onClose }: { toast: Omit<Toast, 'id'>; onClose: () => void }) {
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
