import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { fieldErrors, formError } from './action-result.ts'
import { useSettingsForm } from './use-settings-form.ts'

export function ChangeEmailForm({ email }: { email: string }) {
  const { fetcher, formRef, result, pending } = useSettingsForm('change-email')
  const error = formError(result)
  return (
    <Card>
      <section aria-labelledby="email-heading" className="space-y-4">
        <div>
          <h2 id="email-heading" className="text-lg font-semibold">
            Email
          </h2>
          <p className="text-sm text-slate-600">
            You sign in with <strong className="break-words">{email}</strong>.
          </p>
        </div>
        <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="change-email" />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field
            label="New email"
            name="email"
            type="email"
            autoComplete="email"
            required
            errors={fieldErrors(result, 'email')}
          />
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            description="To confirm it is you."
            errors={fieldErrors(result, 'currentPassword')}
          />
          <Button type="submit" pending={pending} pendingLabel="Changing email…">
            Change email
          </Button>
        </fetcher.Form>
      </section>
    </Card>
  )
}
