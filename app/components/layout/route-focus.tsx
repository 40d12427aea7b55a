import { useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/**
 * After a client-side navigation to another page, focus would stay on a link that may no
 * longer exist (and fall to <body>). Move it to the new page's heading (or <main>) and
 * announce the page title, as a full page load would. Query-string changes (filters, tabs,
 * paging) keep focus where the user is.
 */
export function RouteFocus() {
  const { pathname } = useLocation()
  const first = useRef(true)
  const [announcement, setAnnouncement] = useState('')

  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const main = document.getElementById('main')
    const target = main?.querySelector<HTMLElement>('h1') ?? main
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
      target.focus({ preventScroll: true })
    }
    // The title is set in the same commit; read it once the browser has applied it. Clearing
    // first makes a repeated title ("Admin · SkyPANEL") a change the screen reader announces.
    setAnnouncement('')
    const timer = window.setTimeout(() => setAnnouncement(document.title), 100)
    return () => window.clearTimeout(timer)
  }, [pathname])

  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="route-announcer">
      {announcement}
    </div>
  )
}
