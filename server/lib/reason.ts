/**
 * The rule for admin reasons, shared by the server's zod schema and the admin forms (this
 * module has no dependencies, so the browser bundle may import it).
 */
export const REASON_MIN = 3
export const REASON_MAX = 500
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

export type ParsedReason = { ok: true; value: string } | { ok: false; message: string }

export function parseReason(text: string): ParsedReason {
  const reason = text.trim()
  if (reason.length === 0) return { ok: false, message: 'A reason is required' }
  if (reason.length < REASON_MIN)
    return { ok: false, message: `Reason must be at least ${REASON_MIN} characters` }
  if (reason.length > REASON_MAX)
    return { ok: false, message: `Reason must be at most ${REASON_MAX} characters` }
  if (CONTROL_CHARACTERS.test(reason))
    return { ok: false, message: 'Reason must not contain control characters' }
  return { ok: true, value: reason }
}
