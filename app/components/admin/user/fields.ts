import { zInt } from '#server/lib/validation.ts'

/*
 * TEMPORARY copy of ZAdminExtendInput.shape.days (server/services/dns-plans/schemas.ts): that
 * module still imports server-only code, so the page cannot bundle it yet. Replace this with it
 * once it is browser-safe (server/lib/browser-safe-schemas.test.ts lists it).
 */
export const ZExtendDays = zInt({ min: 1, max: 365, message: 'Extend by 1 to 365 days' })

/** Typed digits as a number for a number schema; anything else stays text and fails it. */
export function wholeNumberInput(text: string): number | string {
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : trimmed
}
