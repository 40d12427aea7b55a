import { useLocation } from '@remix-run/react'
import { useCallback, useEffect, useId, useRef, useState } from 'react'

/**
 * A show/hide button and the panel it controls (the WAI-ARIA disclosure pattern): the button
 * carries aria-expanded/aria-controls; Escape, a click outside, focus leaving both, or a
 * navigation close the panel, and Escape puts focus back on the button so it is never lost.
 */
export function useDisclosure() {
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const panelId = useId()
  const location = useLocation()

  const focusInside = () => {
    const active = document.activeElement
    return Boolean(active && panelRef.current?.contains(active))
  }

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false)
    if (returnFocus) buttonRef.current?.focus()
  }, [])

  // A link in the panel was followed: close. Focus goes back to the button unless the
  // route-change focus (a new page's heading) takes it right after.
  useEffect(() => {
    if (focusInside()) buttonRef.current?.focus()
    setOpen(false)
  }, [location.key])

  useEffect(() => {
    if (!open) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      const active = document.activeElement
      close(active === buttonRef.current || focusInside())
    }
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node
      if (panelRef.current?.contains(target) || buttonRef.current?.contains(target)) return
      close(false)
    }
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target as Node
      if (panelRef.current?.contains(target) || buttonRef.current?.contains(target)) return
      // A dialog opened from the panel (or Tab past its end) moved focus away.
      setOpen(false)
    }
    document.addEventListener('keydown', onKeyDown)
    document.addEventListener('pointerdown', onPointerDown)
    document.addEventListener('focusin', onFocusIn)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      document.removeEventListener('pointerdown', onPointerDown)
      document.removeEventListener('focusin', onFocusIn)
    }
  }, [open, close])

  return {
    open,
    buttonProps: {
      ref: buttonRef,
      type: 'button' as const,
      'aria-expanded': open,
      'aria-controls': panelId,
      onClick: () => setOpen((value) => !value),
    },
    panelProps: { ref: panelRef, id: panelId, hidden: !open },
  }
}
