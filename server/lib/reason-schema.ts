import { z } from 'zod'
import { parseReason } from './reason.ts'

/**
 * Admin reasons: one rule (server/lib/reason.ts) for the server and the admin forms. Its own
 * module so any domain's schemas can use it without importing another domain's.
 */
export const ZReason = z.string({ error: 'A reason is required' }).transform((text, ctx) => {
  const parsed = parseReason(text)
  if (parsed.ok) return parsed.value
  ctx.addIssue({ code: 'custom', message: parsed.message })
  return z.NEVER
})
