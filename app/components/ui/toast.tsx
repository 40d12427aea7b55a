import * as ToastPrimitive from '@radix-ui/react-toast'
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react'
import { cn } from '#app/lib/utils.ts'

export type ToastTone = 'success' | 'info' | 'warning' | 'error'
type Toast = { id: number; title: string; description?: string; tone: ToastTone }
type ShowToast = (toast: Omit<Toast, 'id'>) => void

const TONES: Record<ToastTone, string> = {
  success: 'bg-emerald-50 text-emerald-900 ring-emerald-200',
  info: 'bg-sky-50 text-sky-900 ring-sky-200',
  warning: 'bg-amber-50 text-amber-950 ring-amber-300',
  error: 'bg-rose-50 text-rose-900 ring-rose-200',
}

/**
 * Where toasts appear: at the top of the screen, under the header — on a phone across the
 * width, on a desktop in the top-right corner — so they never cover the buttons and forms
 * whose outcome they report (those sit lower in the page).
 */
export const TOAST_VIEWPORT_CLASSES =
  'fixed inset-x-2 top-2 z-[60] flex max-h-screen flex-col gap-2 outline-none sm:inset-x-auto sm:right-4 sm:top-16 sm:w-96'

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
      className={cn('flex items-start gap-3 rounded-md p-4 shadow-lg ring-1', TONES[toast.tone])}
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
        <svg viewBox="0 0 20 20" className="size-4" aria-hidden="true" fill="currentColor">
          <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
        </svg>
      </ToastPrimitive.Close>
    </ToastPrimitive.Root>
  )
}
