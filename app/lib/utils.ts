import { twMerge } from 'tailwind-merge'
import { parseAppError } from '#app/lib/app-error.ts'
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
 * The message of an error body `{ error: { message } }`, else the fallback (never other text:
 * a 404's data is Remix's own "No route matches …").
 * @deprecated use parseAppError (app/lib/app-error.ts).
 */
export function errorMessageOf(data: unknown, fallback = 'Something went wrong.'): string {
  const isBody = typeof data === 'object' && data !== null && 'error' in data
  return isBody ? parseAppError(data, { fallback }).message : fallback
}

/**
 * @deprecated use `<LocalTime value={…} />` (app/components/ui/local-time.tsx) in markup — it
 * shows the viewer's zone — or formatDateTime from app/lib/format.ts in text. This one is UTC.
 */
export function formatDate(value: Date | string): string {
  return formatDateTime(value)
}
