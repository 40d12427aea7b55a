import { eq, getTableColumns } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { appSettings, type AppSettingsRow } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { SETTINGS_DEFAULTS } from './defaults.ts'

export type LogoContentType = 'image/png' | 'image/jpeg'

/** Branding and company details as every page, mail and new document uses them (ADR 028). */
export type AppSettings = {
  /** APP_NAME until an admin sets one. */
  companyName: string
  /** Multi-line postal address; '' when not set. */
  companyAddress: string
  taxId: string | null
  supportEmail: string | null
  logo: { contentType: LogoContentType; bytes: Buffer; sha256: string } | null
  /** How pages and mail name custom credits; the ledger keeps its own type codes. */
  creditsDisplayName: string
  creditsSymbol: string
  /** A user's low-balance threshold when they set none. */
  lowBalanceDefaultCents: number
  /** 0 while nothing is stored; bumped by every update. */
  version: number
}

/**
 * How long a process trusts its copy without asking the database. Another process's update
 * shows within this (two web processes run in production); this process's own update at once.
 * LISTEN/NOTIFY would not survive a transaction pooler (ADR 008), so: a short expiry, then one
 * tiny query for the version, and the row (with the logo only if its hash changed) when it moved.
 */
export const SETTINGS_CACHE_MS = 3_000

type CacheEntry = { settings: AppSettings; checkedAt: number }
/** Per database handle: a process has one pool, a test may open two to stand for two processes. */
const cache = new WeakMap<object, CacheEntry>()
/** One refresh at a time per handle: a burst of renders after expiry asks the database once. */
const refreshing = new WeakMap<object, Promise<AppSettings>>()
/** Bumped by invalidation, so a read that began before an update does not store its old answer. */
const generations = new WeakMap<object, number>()

/** The settings, from this process's copy when it is fresh enough. */
export async function getSettings(db: DbOrTx): Promise<AppSettings> {
  const entry = cache.get(db)
  if (entry && Date.now() - entry.checkedAt < SETTINGS_CACHE_MS) return entry.settings
  let pending = refreshing.get(db)
  if (!pending) {
    pending = refresh(db, entry?.settings ?? null).finally(() => refreshing.delete(db))
    refreshing.set(db, pending)
  }
  return pending
}

/** Forget this handle's copy (after an update through it). */
export function invalidateSettingsCache(db: DbOrTx): void {
  cache.delete(db)
  refreshing.delete(db)
  generations.set(db, (generations.get(db) ?? 0) + 1)
}

async function refresh(db: DbOrTx, cached: AppSettings | null): Promise<AppSettings> {
  const checkedAt = Date.now()
  const generation = generations.get(db)
  const keep = (settings: AppSettings) => {
    if (generations.get(db) === generation) cache.set(db, { settings, checkedAt })
    return settings
  }
  if (cached) {
    const [current] = await db
      .select({ version: appSettings.version })
      .from(appSettings)
      .where(eq(appSettings.id, 1))
    if ((current?.version ?? 0) === cached.version) return keep(cached)
  }
  return keep(await readSettings(db, cached))
}

/** Straight from the database; the logo bytes are reused from `known` when its hash matches. */
export async function readSettings(
  db: DbOrTx,
  known: AppSettings | null = null,
): Promise<AppSettings> {
  const { logo: _bytes, ...columns } = getTableColumns(appSettings)
  const [row] = await db.select(columns).from(appSettings).where(eq(appSettings.id, 1))
  if (!row) return settingsFrom(null, null)
  let logo: Buffer | null = null
  if (row.logoSha256 !== null) {
    if (known?.logo?.sha256 === row.logoSha256) logo = known.logo.bytes
    else {
      const [stored] = await db
        .select({ logo: appSettings.logo })
        .from(appSettings)
        .where(eq(appSettings.id, 1))
      logo = stored?.logo ?? null
    }
  }
  return settingsFrom(row, logo)
}

export function settingsFrom(
  row: Omit<AppSettingsRow, 'logo'> | null,
  logoBytes: Buffer | null,
): AppSettings {
  return {
    companyName: row?.companyName ?? env.APP_NAME,
    companyAddress: row?.companyAddress ?? SETTINGS_DEFAULTS.companyAddress,
    taxId: row?.taxId ?? null,
    supportEmail: row?.supportEmail ?? null,
    logo:
      row?.logoContentType && row.logoSha256 && logoBytes
        ? {
            contentType: row.logoContentType as LogoContentType,
            bytes: logoBytes,
            sha256: row.logoSha256,
          }
        : null,
    creditsDisplayName: row?.creditsDisplayName ?? SETTINGS_DEFAULTS.creditsDisplayName,
    creditsSymbol: row?.creditsSymbol ?? SETTINGS_DEFAULTS.creditsSymbol,
    lowBalanceDefaultCents: row?.lowBalanceDefaultCents ?? SETTINGS_DEFAULTS.lowBalanceDefaultCents,
    version: row?.version ?? 0,
  }
}
