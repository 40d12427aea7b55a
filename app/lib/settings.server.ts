// Branding and company details (ADR 028) for loaders, actions and resource routes.
export { getSettings } from '#server/services/settings/get-settings.ts'
export { getSettingsView, publicBranding } from '#server/services/settings/settings-view.ts'
export { updateSettings } from '#server/services/settings/update-settings.ts'
export {
  updateSettingsInput,
  ZUpdateSettingsInput,
  SETTINGS_LIMITS,
} from '#server/services/settings/schemas.ts'
