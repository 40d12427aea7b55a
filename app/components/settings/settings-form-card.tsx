import type { ReactNode } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { fieldErrors, formError, type SettingsIntent } from './action-result.ts'
import { useSettingsForm } from './use-settings-form.ts'

/**
 * One form of the account settings page in its card: heading, what it does, the fields
 * (given their errors by name), and a submit button that shows it is pending.
 */
export function SettingsFormCard({
  intent,
  title,
  description,
  submitLabel,
  pendingLabel,
  children,
}: {
  intent: SettingsIntent
  title: string
  description: ReactNode
  submitLabel: string
  pendingLabel: string
  children: (errorsOf: (field: string) => string[] | null) => ReactNode
}) {
  const { fetcher, formRef, result, pending } = useSettingsForm(intent)
  const error = formError(result)
  const headingId = `${intent}-heading`
  return (
    <Card>
      <section aria-labelledby={headingId} className="space-y-4">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        <fetcher.Form method="post" ref={formRef} className="space-y-4" noValidate>
          <input type="hidden" name="intent" value={intent} />
          {error ? <Alert tone="error">{error}</Alert> : null}
          {children((field) => fieldErrors(result, field))}
          <Button type="submit" pending={pending} pendingLabel={pendingLabel}>
            {submitLabel}
          </Button>
        </fetcher.Form>
      </section>
    </Card>
  )
}
