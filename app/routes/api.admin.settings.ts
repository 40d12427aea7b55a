import { db } from '#app/lib/db.server.ts'
import { adminRestHandler, bodyOf } from '#app/lib/rest.server.ts'
import { getSettingsView, updateSettings, ZUpdateSettingsInput } from '#app/lib/settings.server.ts'

/** GET /api/admin/settings: branding and company details as stored, with the defaults. */
export const loader = adminRestHandler(['GET'], () => getSettingsView(db))

/**
 * PUT: JSON `{ reason, companyName?, companyAddress?, taxId?, supportEmail?, logo? (base64 PNG
 * or JPEG, null removes), creditsDisplayName?, creditsSymbol?, lowBalanceDefault? ("5.00") }`;
 * an empty text field means the default. Same schema and service as admin.settings.update.
 */
export const action = adminRestHandler(['PUT'], async (admin, { request }) => {
  const { reason, ...changes } = await bodyOf(request, ZUpdateSettingsInput)
  const { changed } = await updateSettings(db, {
    actor: { adminUserId: admin.id, reason },
    changes,
  })
  return { changed, settings: await getSettingsView(db) }
})
