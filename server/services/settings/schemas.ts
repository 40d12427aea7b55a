import { z } from 'zod'
import { formatCents, parseDecimalToCents } from '#server/lib/money.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zText } from '#server/lib/validation.ts'

// Browser-safe too: pages name the credits with these (app/components/layout/use-branding.ts).
export { SETTINGS_DEFAULTS } from './defaults.ts'
export {
  creditsInText,
  creditsQuantity,
  creditsRate,
  creditsShortName,
} from './credits-labels.ts'

/*
 * The settings form's fields, for the server and the admin page alike: no env, no database, no
 * node built-ins (the logo is decoded with atob, which browsers and Node both have). An empty
 * text field means "back to the default" and is stored as NULL (ADR 028).
 */

export type SettingsLimits = {
  companyNameMax: number
  companyAddressMax: number
  taxIdMax: number
  creditsDisplayNameMax: number
  creditsSymbolMax: number
  lowBalanceMaxCents: number
  logoMaxBytes: number
}

export const SETTINGS_LIMITS: SettingsLimits = {
  companyNameMax: 100,
  companyAddressMax: 500,
  taxIdMax: 50,
  creditsDisplayNameMax: 40,
  creditsSymbolMax: 8,
  lowBalanceMaxCents: 10_000_000,
  // The app_settings_logo_size CHECK holds the same number.
  logoMaxBytes: 200 * 1024,
}

export type LogoContentType = 'image/png' | 'image/jpeg'
export type LogoUpload = { contentType: LogoContentType; bytes: Uint8Array }

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG_MAGIC = [0xff, 0xd8, 0xff]

/** What the bytes are, by their signature (never by a file name or a claimed type). */
export function logoContentTypeOf(bytes: Uint8Array): LogoContentType | null {
  const startsWith = (magic: number[]) => magic.every((byte, index) => bytes[index] === byte)
  if (bytes.length > PNG_MAGIC.length && startsWith(PNG_MAGIC)) return 'image/png'
  if (bytes.length > JPEG_MAGIC.length && startsWith(JPEG_MAGIC)) return 'image/jpeg'
  return null
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** A PNG or JPEG of at most `maxBytes`, sent as base64 text; null removes the logo. */
export function zLogo(maxBytes: number) {
  const tooBig = `The logo must be at most ${Math.floor(maxBytes / 1024)} KB`
  return z
    .string({ error: 'The logo must be sent as base64 text' })
    .max(Math.ceil(maxBytes / 3) * 4 + 4, tooBig)
    .transform((text, ctx): LogoUpload => {
      const compact = text.replace(/\s+/g, '')
      if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
        ctx.addIssue({ code: 'custom', message: 'The logo must be sent as base64 text' })
        return z.NEVER
      }
      const binary = atob(compact)
      const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
      if (bytes.length > maxBytes) {
        ctx.addIssue({ code: 'custom', message: tooBig })
        return z.NEVER
      }
      const contentType = logoContentTypeOf(bytes)
      if (!contentType) {
        ctx.addIssue({ code: 'custom', message: 'The logo must be a PNG or JPEG image' })
        return z.NEVER
      }
      return { contentType, bytes }
    })
}

/** An amount in [0, max] cents from decimal text ("5", "5.00"); '' means the default (null). */
export function zThreshold(maxCents: number) {
  const range = `The low-balance threshold must be from ${formatCents(0)} to ${formatCents(maxCents)}`
  return z.union([z.string(), z.number()], { error: range }).transform((value, ctx) => {
    // A JSON number is read through its shortest text; tRPC and REST keep fractions as text.
    const text = String(value).trim()
    if (text === '') return null
    const parsed = parseDecimalToCents(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `${parsed.message}, e.g. 5.00` })
      return z.NEVER
    }
    if (parsed.cents > maxCents) {
      ctx.addIssue({ code: 'custom', message: range })
      return z.NEVER
    }
    return parsed.cents
  })
}

/** Text that may be left empty: '' (or null) means the default. */
function optionalText(options: { label: string; max: number; multiline?: boolean }) {
  return z
    .union([zText(options), z.null()])
    .transform((text) => (text === null || text === '' ? null : text))
}

function zSupportEmail() {
  return z
    .union([z.string({ error: 'Support email must be text' }), z.null()])
    .transform((text) => (text ?? '').trim())
    .pipe(
      z.union([
        z.literal('').transform(() => null),
        z
          .string()
          .max(254, 'Support email is too long')
          .pipe(z.email('Enter a valid support email address')),
      ]),
    )
}

/**
 * The fields an update may change (each optional: absent = unchanged) and its reason. The page
 * sends every field, the API may send one.
 */
export function updateSettingsInput(limits: SettingsLimits = SETTINGS_LIMITS) {
  return z.strictObject({
    companyName: optionalText({ label: 'Company name', max: limits.companyNameMax }).optional(),
    companyAddress: optionalText({
      label: 'Postal address',
      max: limits.companyAddressMax,
      multiline: true,
    }).optional(),
    taxId: optionalText({ label: 'Tax id', max: limits.taxIdMax }).optional(),
    supportEmail: zSupportEmail().optional(),
    // nullable, not a union with null: a union would hide the transform's message behind
    // "Invalid input" (the failed null branch makes the issue ambiguous to zod).
    logo: zLogo(limits.logoMaxBytes).nullable().optional(),
    creditsDisplayName: optionalText({
      label: 'Credits display name',
      max: limits.creditsDisplayNameMax,
    }).optional(),
    creditsSymbol: optionalText({
      label: 'Credits symbol',
      max: limits.creditsSymbolMax,
    }).optional(),
    lowBalanceDefault: zThreshold(limits.lowBalanceMaxCents).nullable().optional(),
    reason: ZReason,
  })
}

export const ZUpdateSettingsInput = updateSettingsInput()
export type UpdateSettingsInput = z.input<typeof ZUpdateSettingsInput>
export type ParsedSettingsInput = z.output<typeof ZUpdateSettingsInput>
/** What an update changes: a value, null for "back to the default", absent for unchanged. */
export type SettingsChanges = Omit<ParsedSettingsInput, 'reason'>
