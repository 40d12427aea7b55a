import { useEffect, useRef, useState } from 'react'

/**
 * Whether the element's content is wider than the element (it scrolls sideways), followed
 * as either resizes. True until measured, so the server's markup assumes it does.
 */
export function useScrollsSideways<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  const [scrolls, setScrolls] = useState(true)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    for (const child of Array.from(element.children)) observer.observe(child)
    return () => observer.disconnect()
  }, [])
  return [ref, scrolls] as const
}
