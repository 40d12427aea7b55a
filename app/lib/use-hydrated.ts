import { useSyncExternalStore } from 'react'

const noChanges = () => () => {}

/**
 * False in the server render and in the browser's hydration pass, true in every render after.
 * Markup that depends on browser-only state (is a query fetching right now?) must wait for it:
 * if the hydration pass renders other text than the server did, React 18 throws the server's
 * DOM away and renders the whole document anew, and every element, the focused one included,
 * is replaced (focus falls to <body>).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  )
}
