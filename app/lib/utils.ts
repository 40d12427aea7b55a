import { twMerge } from 'tailwind-merge'
import { formatDateTime } from '#app/lib/format.ts'

export type ClassValue = string | false | null | undefined | 0 | ClassValue[]

function join(classes: ClassValue[]): string {
  let out = ''
  for (const value of classes) {
    if (!value) continue
    const next = Array.isArray(value) ? join(value) : value
    if (next) out = out ? `${out} ${next}` : next
  }
  return out
}

/**
 * Joins class names and lets later Tailwind classes win over earlier conflicting ones, so a
 * caller's `p-0` or `ring-indigo-500` replaces a component's default instead of racing it in CSS.
 */
export function cn(...classes: ClassValue[]): string {
  return twMerge(join(classes))
}

/**
 * @deprecated use `<LocalTime value={…} />` (app/components/ui/local-time.tsx) in markup — it
 * shows the viewer's zone — or formatDateTime from app/lib/format.ts in text. This one is UTC.
 */
export function formatDate(value: Date | string): string {
  return formatDateTime(value)
}
