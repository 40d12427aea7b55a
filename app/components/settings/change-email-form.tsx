import { Field } from '#app/components/ui/field.tsx'
import { CurrentPasswordField } from './current-password-field.tsx'
import { SettingsFormCard } from './settings-form-card.tsx'

export function ChangeEmailForm({ email }: { email: string }) {
  return (
    <SettingsFormCard
      intent="change-email"
      title="Email"
      description={
        <>
          You sign in with <strong className="break-words">{email}</strong>.
        </>
      }
      submitLabel="Change email"
      pendingLabel="Changing email…"
    >
      {(errorsOf) => (
        <>
          <Field
            label="New email"
            name="email"
            type="email"
            autoComplete="email"
            required
            errors={errorsOf('email')}
          />
          <CurrentPasswordField
            errors={errorsOf('currentPassword')}
            description="To confirm it is you."
          />
        </>
      )}
    </SettingsFormCard>
  )
}
