import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { appSettings } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { SETTINGS_DEFAULTS } from './defaults.ts'
import type { AppSettings } from './get-settings.ts'

/** Where pages and mail fetch the logo; the hash in the query makes each version its own URL. */
export function logoPath(logo: { sha256: string }): string {
  return `/branding/logo?v=${logo.sha256.slice(0, 16)}`
}

/** What every page may show (root loader): no bytes, nothing an admin alone should see. */
export type PublicBranding = {
  companyName: string
  supportEmail: string | null
  logoUrl: string | null
  creditsDisplayName: string
  creditsSymbol: string
}

export function publicBranding(settings: AppSettings): PublicBranding {
  return {
    companyName: settings.companyName,
    supportEmail: settings.supportEmail,
    logoUrl: settings.logo ? logoPath(settings.logo) : null,
    creditsDisplayName: settings.creditsDisplayName,
    creditsSymbol: settings.creditsSymbol,
  }
}

/** Text fields as the form edits them: null = not set (the default applies). */
export type StoredSettingsFields = {
  companyName: string | null
  companyAddress: string | null
  taxId: string | null
  supportEmail: string | null
  creditsDisplayName: string | null
  creditsSymbol: string | null
  /** Decimal text, e.g. "5.00". */
  lowBalanceDefault: string | null
}

/** The admin's view: what is stored, what applies when a field is empty, and the logo's facts. */
export type SettingsView = {
  stored: StoredSettingsFields
  defaults: Record<keyof StoredSettingsFields, string>
  logo: { contentType: string; bytes: number; sha256: string; url: string } | null
  version: number
  updatedAt: Date | null
}

export async function getSettingsView(db: DbOrTx): Promise<SettingsView> {
  const [row] = await db
    .select({
      companyName: appSettings.companyName,
      companyAddress: appSettings.companyAddress,
      taxId: appSettings.taxId,
      supportEmail: appSettings.supportEmail,
      creditsDisplayName: appSettings.creditsDisplayName,
      creditsSymbol: appSettings.creditsSymbol,
      lowBalanceDefaultCents: appSettings.lowBalanceDefaultCents,
      logoContentType: appSettings.logoContentType,
      logoSha256: appSettings.logoSha256,
      logoBytes: sqlLength(),
      version: appSettings.version,
      updatedAt: appSettings.updatedAt,
    })
    .from(appSettings)
    .where(eq(appSettings.id, 1))
  return {
    stored: {
      companyName: row?.companyName ?? null,
      companyAddress: row?.companyAddress ?? null,
      taxId: row?.taxId ?? null,
      supportEmail: row?.supportEmail ?? null,
      creditsDisplayName: row?.creditsDisplayName ?? null,
      creditsSymbol: row?.creditsSymbol ?? null,
      lowBalanceDefault:
        row?.lowBalanceDefaultCents == null ? null : centsToDecimal(row.lowBalanceDefaultCents),
    },
    defaults: {
      companyName: env.APP_NAME,
      companyAddress: SETTINGS_DEFAULTS.companyAddress,
      taxId: '',
      supportEmail: '',
      creditsDisplayName: SETTINGS_DEFAULTS.creditsDisplayName,
      creditsSymbol: SETTINGS_DEFAULTS.creditsSymbol,
      lowBalanceDefault: centsToDecimal(SETTINGS_DEFAULTS.lowBalanceDefaultCents),
    },
    logo:
      row?.logoContentType && row.logoSha256
        ? {
            contentType: row.logoContentType,
            bytes: row.logoBytes ?? 0,
            sha256: row.logoSha256,
            url: logoPath({ sha256: row.logoSha256 }),
          }
        : null,
    version: row?.version ?? 0,
    updatedAt: row && row.version > 0 ? row.updatedAt : null,
  }
}

function sqlLength() {
  return sql<number | null>`octet_length(${appSettings.logo})`.mapWith(Number)
}
