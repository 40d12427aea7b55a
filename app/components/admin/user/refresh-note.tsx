import { useHydrated } from '#app/lib/use-hydrated.ts'

/**
 * Says the figures above keep themselves current (visual only: screen readers skip it).
 * "Refreshing…" only after hydration: a slow page hydrates when its prefetched data is already
 * stale and refetching, and a text that differs from the server's makes React re-render the
 * whole document and lose focus (commit b10cddc).
 */
export function RefreshNote({ refreshing, seconds }: { refreshing: boolean; seconds: number }) {
  const hydrated = useHydrated()
  return (
    <p className="text-xs text-slate-600" aria-hidden="true">
      {hydrated && refreshing ? 'Refreshing…' : `Refreshes every ${seconds} seconds`}
    </p>
  )
}
