/** What the account settings action answers to each of its forms (by `intent`). */
export type SettingsIntent =
  | 'change-password'
  | 'change-email'
  | 'revoke-session'
  | 'revoke-others'
  | 'mail-preferences'

export type SettingsActionResult =
  | { intent: SettingsIntent; ok: true; message: string }
  | {
      intent: SettingsIntent | null
      ok: false
      message: string
      fields: Record<string, string[]> | null
    }

/** The errors of one field, when the result is a failure that names it. */
export function fieldErrors(result: SettingsActionResult | undefined, field: string) {
  return result && !result.ok ? (result.fields?.[field] ?? null) : null
}

/** A failure's message when no field carries it (shown above the form instead). */
export function formError(result: SettingsActionResult | undefined): string | null {
  if (!result || result.ok) return null
  return result.fields && Object.keys(result.fields).length > 0 ? null : result.message
}
