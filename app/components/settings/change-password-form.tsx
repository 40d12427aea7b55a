import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { fieldErrors, formError } from './action-result.ts'
import { useSettingsForm } from './use-settings-form.ts'

export function ChangePasswordForm() {
  const { fetcher, formRef, result, pending } = useSettingsForm('change-password')
  const error = formError(result)
  return (
    <Card>
      <section aria-labelledby="password-heading" className="space-y-4">
        <div>
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          <p className="text-sm text-slate-600">
            Changing it signs you out everywhere else; this device stays signed in.
          </p>
        </div>
        <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            errors={fieldErrors(result, 'currentPassword')}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            description="At least 10 characters, not a common or repetitive one."
            errors={fieldErrors(result, 'newPassword')}
          />
          <Button type="submit" pending={pending} pendingLabel="Changing password…">
            Change password
          </Button>
        </fetcher.Form>
      </section>
    </Card>
  )
}
