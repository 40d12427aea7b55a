import { useEffect, useState, type RefObject } from 'react'

/**
 * Moves focus to `target` after an action whose dialog closes: the kit dialog gives focus back
 * to its opener once it has unmounted (a render or two later), and this redirects that one
 * focus move (or, when nothing takes focus, the timer does). Call `request()` on success.
 */
export function useFocusRequest(target: RefObject<HTMLElement | null>) {
  const [requests, setRequests] = useState(0)
  useEffect(() => {
    if (requests === 0) return
    const toTarget = () => target.current?.focus()
    const onFocusIn = (event: FocusEvent) => {
      if (event.target !== target.current) toTarget()
    }
    document.addEventListener('focusin', onFocusIn, { once: true })
    const timer = setTimeout(() => {
      document.removeEventListener('focusin', onFocusIn)
      if (document.activeElement === document.body) toTarget()
    }, 500)
    return () => {
      clearTimeout(timer)
      document.removeEventListener('focusin', onFocusIn)
    }
  }, [requests, target])
  return () => setRequests((count) => count + 1)
}
