import { z } from 'zod'
import { zInt } from '#server/lib/validation.ts'

/*
 * Field schemas the admin tabs check in the browser. TEMPORARY copies: the server's own
 * (ZAdminTokenGrantBody.shape.tokens in server/services/virtfusion/schemas.ts and
 * ZAdminExtendInput.shape.days in server/services/dns-plans/schemas.ts) sit in modules that
 * still import server-only code; replace these with them once those modules are browser-safe.
 */
export const ADMIN_GRANT_MAX_TOKENS = 1_000_000
const TOKENS_MESSAGE = `Tokens must be between 1 and ${ADMIN_GRANT_MAX_TOKENS.toLocaleString('en-US')}`

export const ZGrantTokens = z
  .number({ error: 'Tokens must be a whole number' })
  .int('Tokens must be a whole number')
  .min(1, TOKENS_MESSAGE)
  .max(ADMIN_GRANT_MAX_TOKENS, TOKENS_MESSAGE)

export const ZExtendDays = zInt({ min: 1, max: 365, message: 'Extend by 1 to 365 days' })

/** Typed digits as a number for a number schema; anything else stays text and fails it. */
export function wholeNumberInput(text: string): number | string {
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : trimmed
}
