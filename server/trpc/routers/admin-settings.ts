import { ZUpdateSettingsInput } from '#server/services/settings/schemas.ts'
import { getSettingsView } from '#server/services/settings/settings-view.ts'
import { updateSettings } from '#server/services/settings/update-settings.ts'
import { adminProcedure, router } from '../init.ts'

/** Branding and company details (/admin/settings, ADR 028). */
export const adminSettingsRouter = router({
  get: adminProcedure.query(({ ctx }) => getSettingsView(ctx.db)),
  update: adminProcedure.input(ZUpdateSettingsInput).mutation(async ({ ctx, input }) => {
    const { reason, ...changes } = input
    const { changed } = await updateSettings(ctx.db, {
      actor: { adminUserId: ctx.user.id, reason },
      changes,
    })
    return { changed, settings: await getSettingsView(ctx.db) }
  }),
})
