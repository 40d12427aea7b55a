import { useCallback, useRef, type RefObject } from 'react'

/**
 * Radix returns focus to its own Trigger on close. Dialogs opened from elsewhere (a controlled
 * `open`, a row's menu, a form's submit) have none, and focus used to fall to <body>. This
 * remembers what had focus when the dialog opened and gives it back on close — or `fallback`
 * when that element is gone or disabled by then, or the page's main landmark.
 */
export function useReturnFocus(
  fallback?: RefObject<HTMLElement | null>,
  /** Focused when the dialog opens, instead of Radix's choice (first focusable / Cancel). */
  initialFocus?: RefObject<HTMLElement | null>,
) {
  const opener = useRef<HTMLElement | null>(null)
  const onOpenAutoFocus = useCallback(
    (event: Event) => {
      // Runs before Radix moves focus into the content, so activeElement is still the opener.
      const active = document.activeElement
      opener.current = active instanceof HTMLElement && active !== document.body ? active : null
      const first = initialFocus?.current
      if (first) {
        event.preventDefault()
        first.focus()
      }
    },
    [initialFocus],
  )
  const onCloseAutoFocus = useCallback(
    (event: Event) => {
      // Last resort, when the opener went away with the change it made (a "Buy" button that
      // becomes "Current plan"): the page's <main> (root.tsx), not <body>.
      const candidates = [opener.current, fallback?.current, document.getElementById('main')]
      opener.current = null
      for (const element of candidates) {
        if (!element || !element.isConnected) continue
        if ((element as HTMLButtonElement).disabled) continue
        event.preventDefault()
        element.focus()
        return
      }
    },
    [fallback],
  )
  return { onOpenAutoFocus, onCloseAutoFocus }
}
