import { cn } from '#app/lib/utils.ts'

/**
 * A decorative spinning ring. It is hidden from assistive technology: whatever is busy says so
 * in words (a pending label, aria-busy), so pass `label` only when the spinner stands alone.
 */
export function Spinner({ className, label }: { className?: string; label?: string }) {
  const ring = (
    <svg
      className={cn('size-4 shrink-0 animate-spin motion-reduce:animate-none', className)}
      viewBox="0 0 24 24"
      fill="none"
      aria-hidden="true"
    >
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path
        d="M22 12a10 10 0 0 0-10-10"
        stroke="currentColor"
        strokeWidth="4"
        strokeLinecap="round"
      />
    </svg>
  )
  if (!label) return ring
  return (
    <span role="status" className="inline-flex items-center gap-2">
      {ring}
      <span className="sr-only">{label}</span>
    </span>
  )
}
