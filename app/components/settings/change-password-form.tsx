import { Field } from '#app/components/ui/field.tsx'
import { CurrentPasswordField } from './current-password-field.tsx'
import { SettingsFormCard } from './settings-form-card.tsx'

export function ChangePasswordForm() {
  return (
    <SettingsFormCard
      intent="change-password"
      title="Password"
      description="Changing it signs you out everywhere else; this device stays signed in."
      submitLabel="Change password"
      pendingLabel="Changing password…"
    >
      {(errorsOf) => (
        <>
          <CurrentPasswordField errors={errorsOf('currentPassword')} />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            description="At least 10 characters, not a common or repetitive one."
            errors={errorsOf('newPassword')}
          />
        </>
      )}
    </SettingsFormCard>
  )
}
