import { fieldErrorsOf } from '#server/lib/validation.ts'
// Browser-safe: the schema the server checks the settings with (ADR 028).
import {
  updateSettingsInput,
  SETTINGS_LIMITS,
  type UpdateSettingsInput,
} from '#server/services/settings/schemas.ts'
import type { SettingsView } from './use-admin-settings.ts'

/** What the form holds: text as typed; an empty field means the default. */
export type SettingsValues = {
  companyName: string
  companyAddress: string
  taxId: string
  supportEmail: string
  creditsDisplayName: string
  creditsSymbol: string
  lowBalanceDefault: string
  reason: string
}

/** The logo: unchanged, replaced (base64 of the chosen file) or removed. */
export type LogoChange = { kind: 'keep' } | { kind: 'set'; base64: string } | { kind: 'remove' }

export type SettingsErrors = Partial<Record<keyof SettingsValues | 'logo' | 'other', string>>

export function valuesOf(view: SettingsView): SettingsValues {
  const { stored } = view
  return {
    companyName: stored.companyName ?? '',
    companyAddress: stored.companyAddress ?? '',
    taxId: stored.taxId ?? '',
    supportEmail: stored.supportEmail ?? '',
    creditsDisplayName: stored.creditsDisplayName ?? '',
    creditsSymbol: stored.creditsSymbol ?? '',
    lowBalanceDefault: stored.lowBalanceDefault ?? '',
    reason: '',
  }
}

export function inputOf(values: SettingsValues, logo: LogoChange): UpdateSettingsInput {
  return {
    ...values,
    ...(logo.kind === 'set' ? { logo: logo.base64 } : logo.kind === 'remove' ? { logo: null } : {}),
  }
}

const schema = updateSettingsInput(SETTINGS_LIMITS)

/** The server's own checks, before sending: errors by field, or null when the input is valid. */
export function validate(input: UpdateSettingsInput): SettingsErrors | null {
  const result = schema.safeParse(input)
  return result.success ? null : errorsFrom(fieldErrorsOf(result.error))
}

export function errorsFrom(fields: Record<string, string | string[] | undefined>, other?: string) {
  const errors: SettingsErrors = {}
  for (const [key, messages] of Object.entries(fields)) {
    const message = Array.isArray(messages) ? messages[0] : messages
    errors[(key === '_' ? 'other' : key) as keyof SettingsErrors] = message
  }
  if (other && Object.keys(errors).length === 0) errors.other = other
  return errors
}
