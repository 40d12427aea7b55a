import { createHash } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { appSettings } from '#db/schema/index.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { invalidateSettingsCache, readSettings, type AppSettings } from './get-settings.ts'
import type { SettingsChanges } from './schemas.ts'

export type SettingsActor = { adminUserId: number; reason: string }

/** The columns an update writes, as stored (NULL = the default). */
type StoredFields = {
  companyName: string | null
  companyAddress: string | null
  taxId: string | null
  supportEmail: string | null
  creditsDisplayName: string | null
  creditsSymbol: string | null
  lowBalanceDefaultCents: number | null
  logo: { contentType: string; bytes: Buffer; sha256: string } | null
}

/**
 * Applies the changes sent (parsed by ZUpdateSettingsInput) and records in the admin audit log
 * what each changed field was and became; the logo by type, size and hash, never its bytes.
 * Nothing changed: nothing written, nothing recorded. This process's cache is dropped after the
 * commit; the other processes see the new version within SETTINGS_CACHE_MS.
 */
export async function updateSettings(
  db: Db,
  input: { actor: SettingsActor; changes: SettingsChanges },
): Promise<{ settings: AppSettings; changed: string[] }> {
  const { actor, changes } = input
  const changed = await db.transaction(async (tx) => {
    await tx.insert(appSettings).values({ id: 1, version: 0 }).onConflictDoNothing()
    const [row] = await tx.select().from(appSettings).where(eq(appSettings.id, 1)).for('update')
    const before: StoredFields = {
      companyName: row!.companyName,
      companyAddress: row!.companyAddress,
      taxId: row!.taxId,
      supportEmail: row!.supportEmail,
      creditsDisplayName: row!.creditsDisplayName,
      creditsSymbol: row!.creditsSymbol,
      lowBalanceDefaultCents: row!.lowBalanceDefaultCents,
      logo:
        row!.logo && row!.logoContentType && row!.logoSha256
          ? { contentType: row!.logoContentType, bytes: row!.logo, sha256: row!.logoSha256 }
          : null,
    }
    const { logo, lowBalanceDefault, ...texts } = changes
    const after: StoredFields = { ...before }
    for (const [key, value] of Object.entries(texts) as [keyof typeof texts, string | null][])
      if (value !== undefined) after[key] = value
    if (lowBalanceDefault !== undefined) after.lowBalanceDefaultCents = lowBalanceDefault
    if (logo !== undefined) after.logo = logo && storedLogo(logo)

    const from: Record<string, unknown> = {}
    const to: Record<string, unknown> = {}
    for (const key of Object.keys(after) as (keyof StoredFields)[]) {
      const [was, is] = [audited(key, before[key]), audited(key, after[key])]
      if (JSON.stringify(was) === JSON.stringify(is)) continue
      from[key] = was
      to[key] = is
    }
    const keys = Object.keys(to)
    if (keys.length === 0) return keys

    await tx
      .update(appSettings)
      .set({
        companyName: after.companyName,
        companyAddress: after.companyAddress,
        taxId: after.taxId,
        supportEmail: after.supportEmail,
        creditsDisplayName: after.creditsDisplayName,
        creditsSymbol: after.creditsSymbol,
        lowBalanceDefaultCents: after.lowBalanceDefaultCents,
        logo: after.logo?.bytes ?? null,
        logoContentType: after.logo?.contentType ?? null,
        logoSha256: after.logo?.sha256 ?? null,
        version: sql`${appSettings.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: actor.adminUserId,
      })
      .where(eq(appSettings.id, 1))
    await recordAdminAction(tx, {
      adminUserId: actor.adminUserId,
      targetUserId: null,
      action: 'settings.update',
      subject: 'app_settings',
      reason: actor.reason,
      details: { from, to },
    })
    return keys
  })
  if (changed.length > 0) invalidateSettingsCache(db)
  return { settings: await readSettings(db), changed }
}

function storedLogo(logo: { contentType: string; bytes: Uint8Array }) {
  const bytes = Buffer.from(logo.bytes.buffer, logo.bytes.byteOffset, logo.bytes.byteLength)
  return {
    contentType: logo.contentType,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
}

/** How a field appears in the audit log: as stored, but a logo by what identifies it. */
function audited(key: keyof StoredFields, value: StoredFields[keyof StoredFields]): unknown {
  if (key !== 'logo' || value === null || typeof value !== 'object') return value
  return { contentType: value.contentType, bytes: value.bytes.length, sha256: value.sha256 }
}
