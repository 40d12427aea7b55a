import { centsToDecimal } from '#server/lib/money.ts'
import { SETTINGS_DEFAULTS } from './defaults.ts'

/*
 * How pages and mail name custom credits from the admin's display name and symbol (ADR 028).
 * Browser-safe (re-exported by schemas.ts): app/components/layout/use-branding.ts uses them too.
 * Money stays money ("$12.00", 1 credit = $1); the symbol marks a number of credits.
 */

type Named = { creditsDisplayName: string }
type Marked = { creditsSymbol: string }

/**
 * The credits' name inside a sentence ("paid from your custom credits"): the default name is a
 * description and is written in lower case, an admin's name ("Sky Credits") is a brand, kept as is.
 */
export function creditsInText(branding: Named): string {
  const name = branding.creditsDisplayName
  return name === SETTINGS_DEFAULTS.creditsDisplayName ? name.toLowerCase() : name
}

/**
 * Where a column or chip has room for a word: "Credits" for the default name (it always said
 * so there), else the admin's name (the caller cuts a long one and keeps it whole in a title).
 */
export function creditsShortName(branding: Named): string {
  const name = branding.creditsDisplayName
  return name === SETTINGS_DEFAULTS.creditsDisplayName ? 'Credits' : name
}

/**
 * A number of credits (not a price): "25.00 SC" with an admin's symbol. The default symbol is
 * "$" (1 credit = $1), which reads wrong after a number, so then it says "25.00 credits".
 */
export function creditsQuantity(cents: number, branding: Marked): string {
  return `${centsToDecimal(cents)} ${customSymbol(branding) ?? 'credits'}`
}

/** What one credit is worth: "1 credit = $1", or "1 SC = $1" with an admin's symbol. */
export function creditsRate(branding: Marked): string {
  return `1 ${customSymbol(branding) ?? 'credit'} = $1`
}

function customSymbol(branding: Marked): string | null {
  return branding.creditsSymbol === SETTINGS_DEFAULTS.creditsSymbol ? null : branding.creditsSymbol
}
