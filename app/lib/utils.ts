import { twMerge } from 'tailwind-merge'

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
