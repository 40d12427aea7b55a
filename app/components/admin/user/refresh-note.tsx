/** Says the figures above keep themselves current (visual only: screen readers skip it). */
export function RefreshNote({ refreshing, seconds }: { refreshing: boolean; seconds: number }) {
  return (
    <p className="text-xs text-slate-600" aria-hidden="true">
      {refreshing ? 'Refreshing…' : `Refreshes every ${seconds} seconds`}
    </p>
  )
}
