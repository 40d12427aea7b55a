import { useRouteLoaderData } from '@remix-run/react'
import { centsToDecimal } from '#app/lib/money.ts'
import { SETTINGS_DEFAULTS } from '#server/services/settings/schemas.ts'
import type { PublicBranding } from '#server/services/settings/settings-view.ts'

/** Only when the root loader itself failed (its error page): what a fresh install shows. */
const FALLBACK: PublicBranding = {
  companyName: 'SkyPANEL',
  supportEmail: null,
  logoUrl: null,
  creditsDisplayName: SETTINGS_DEFAULTS.creditsDisplayName,
  creditsSymbol: SETTINGS_DEFAULTS.creditsSymbol,
}

/** Company name, logo and the credits' display name and symbol (root loader, ADR 028). */
export function useBranding(): PublicBranding {
  return useRouteLoaderData<{ branding?: PublicBranding }>('root')?.branding ?? FALLBACK
}

/**
 * The credits' name inside a sentence ("paid from your custom credits"): the default name is a
 * description and is written in lower case, an admin's name ("Sky Credits") is a brand, kept as is.
 */
export function creditsInText(branding: Pick<PublicBranding, 'creditsDisplayName'>): string {
  const name = branding.creditsDisplayName
  return name === SETTINGS_DEFAULTS.creditsDisplayName ? name.toLowerCase() : name
}

/**
 * A number of credits (not a price): "25.00 SC" with an admin's symbol. The default symbol is
 * "$" (1 credit = $1), which reads wrong after a number, so then it says "25.00 credits".
 */
export function creditsQuantity(
  cents: number,
  branding: Pick<PublicBranding, 'creditsSymbol'>,
): string {
  const unit =
    branding.creditsSymbol === SETTINGS_DEFAULTS.creditsSymbol ? 'credits' : branding.creditsSymbol
  return `${centsToDecimal(cents)} ${unit}`
}

/** What one credit is worth: "1 credit = $1", or "1 SC = $1" with an admin's symbol. */
export function creditsRate(branding: Pick<PublicBranding, 'creditsSymbol'>): string {
  const custom = branding.creditsSymbol !== SETTINGS_DEFAULTS.creditsSymbol
  return `1 ${custom ? branding.creditsSymbol : 'credit'} = $1`
}

/**
 * Where a column or chip has room for a word: "Credits" for the default name (it always said
 * so there), else the admin's name (the caller cuts a long one and keeps it whole in a title).
 */
export function creditsShortName(branding: Pick<PublicBranding, 'creditsDisplayName'>): string {
  const name = branding.creditsDisplayName
  return name === SETTINGS_DEFAULTS.creditsDisplayName ? 'Credits' : name
}
