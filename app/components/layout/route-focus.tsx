import { useLocation, useMatches } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'

/**
 * What a route module's `handle` may say about focus. `keepFocusBetweenChildren`: moving
 * between the pages inside this layout (an admin user's tabs) keeps focus where it is, on the
 * tab link; the layout's own heading stays as it was and does not take focus again.
 */
export type RouteFocusHandle = { keepFocusBetweenChildren?: boolean }

/**
 * After a client-side navigation to another page, focus would stay on a link that may no
 * longer exist (and fall to <body>). Move it to the new page's heading (or <main>) and
 * announce the page title, as a full page load would. Query-string changes (filters, tabs,
 * paging) keep focus where the user is, and so do changes inside a layout whose handle asks
 * for it, as long as the focused element is still on the page.
 */
export function RouteFocus() {
  const { pathname } = useLocation()
  const keeper = useMatches().find(
    (match) => (match.handle as RouteFocusHandle | undefined)?.keepFocusBetweenChildren,
  )
  // The layout at its own URL: another user's page is a new page.
  const keeperKey = keeper ? `${keeper.id} ${keeper.pathname}` : null
  const previousKeeperKey = useRef(keeperKey)
  const first = useRef(true)
  const [announcement, setAnnouncement] = useState('')

  useEffect(() => {
    const sameLayout = keeperKey !== null && keeperKey === previousKeeperKey.current
    previousKeeperKey.current = keeperKey
    if (first.current) {
      first.current = false
      return
    }
    const active = document.activeElement
    const keep =
      sameLayout && active instanceof HTMLElement && active !== document.body && active.isConnected
    if (!keep) {
      const main = document.getElementById('main')
      const target = main?.querySelector<HTMLElement>('h1') ?? main
      if (target) {
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
        target.focus({ preventScroll: true })
      }
    }
    // The title is set in the same commit; read it once the browser has applied it. Clearing
    // first makes a repeated title ("Admin · SkyPANEL") a change the screen reader announces.
    setAnnouncement('')
    const timer = window.setTimeout(() => setAnnouncement(document.title), 100)
    return () => window.clearTimeout(timer)
  }, [pathname, keeperKey])

  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="route-announcer">
      {announcement}
    </div>
  )
}
