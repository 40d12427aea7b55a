import { useRouteLoaderData } from '@remix-run/react'
// Not through schemas.ts: that would ship zod to every page for two constants.
import { SETTINGS_DEFAULTS } from '#server/services/settings/defaults.ts'
import type { PublicBranding } from '#server/services/settings/settings-view.ts'

// The wording rules are shared with the mail templates (server/services/settings/credits-labels.ts).
export {
  creditsInText,
  creditsQuantity,
  creditsRate,
  creditsShortName,
} from '#server/services/settings/credits-labels.ts'

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
