import { useHydrated } from '#app/lib/use-hydrated.ts'

/**
 * Whether the live list is refreshing. The server renders the resting text; so does the
 * hydration pass, even when the browser is already fetching then (the prefetched list is older
 * than its stale time once a slow page hydrates): a different text there made React re-render
 * the whole page and replace the focused Retry button (issue #12).
 */
export function RefreshStatus({
  fetching,
  failed,
  seconds,
}: {
  fetching: boolean
  failed: boolean
  seconds: number
}) {
  const hydrated = useHydrated()
  return (
    <p className="text-xs text-slate-600" aria-hidden="true">
      {hydrated && fetching
        ? 'Refreshing…'
        : hydrated && failed
          ? `Couldn't refresh; showing the last list. Retrying every ${seconds} seconds.`
          : `Refreshes every ${seconds} seconds`}
    </p>
  )
}
