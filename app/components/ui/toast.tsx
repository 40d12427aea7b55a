import {
  createContext,
  lazy,
  Suspense,
  useCallback,
  useContext,
  useState,
  type ReactNode,
} from 'react'
import type { StatusTone } from '#app/components/ui/tones.ts'

export type ToastTone = StatusTone
export type Toast = { id: number; title: string; description?: string; tone: ToastTone }
type ShowToast = (toast: Omit<Toast, 'id'>) => void

// Radix Toast comes with the first toast: most page loads show none.
const ToastRegion = lazy(() => import('./toast-region.tsx'))

const ToastContext = createContext<ShowToast>(() => {})

export function useToast(): ShowToast {
  return useContext(ToastContext)
}

export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  // Once shown, the region stays (closing the last toast must not unmount it mid-animation).
  const [shown, setShown] = useState(false)
  const show = useCallback<ShowToast>((toast) => {
    setShown(true)
    setToasts((current) => [...current, { ...toast, id: Date.now() + Math.random() }])
  }, [])
  const close = useCallback((id: number) => {
    setToasts((current) => current.filter((t) => t.id !== id))
  }, [])
  return (
    <ToastContext.Provider value={show}>
      {children}
      {shown ? (
        <Suspense fallback={null}>
          <ToastRegion toasts={toasts} onClose={close} />
        </Suspense>
      ) : null}
    </ToastContext.Provider>
  )
}
