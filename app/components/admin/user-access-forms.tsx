import { Form } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { REASON_MAX, REASON_MIN } from '#server/lib/reason.ts'

export type AccessIntent = 'set-role' | 'set-active'

/** What the profile action answered, for the form it came from. */
export type AccessActionResult = {
  ok: boolean
  intent: AccessIntent | null
  message: string
  fields?: Record<string, string[]> | null
}

function ReasonForm({
  intent,
  hidden,
  label,
  variant,
  disabled,
  pending,
  result,
}: {
  intent: AccessIntent
  hidden: Record<string, string>
  label: string
  variant: 'secondary' | 'danger' | 'primary'
  disabled: boolean
  pending: boolean
  result: AccessActionResult | undefined
}) {
  const errors = result && !result.ok && result.intent === intent ? result.fields?.reason : null
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field
        label={`Reason (${label.toLowerCase()})`}
        name="reason"
        required
        minLength={REASON_MIN}
        maxLength={REASON_MAX}
        autoComplete="off"
        className="w-full sm:w-72"
        disabled={disabled}
        errors={errors}
        description="Required, recorded in the audit log."
      />
      <Button
        type="submit"
        variant={variant}
        disabled={disabled}
        pending={pending}
        pendingLabel="Saving…"
      >
        {label}
      </Button>
    </Form>
  )
}

/** Role and active-status changes, each with its required reason (the audit log keeps it). */
export function UserAccessForms({
  user,
  disabled,
  pendingIntent,
  result,
}: {
  user: { role: 'user' | 'admin'; isActive: boolean }
  disabled: boolean
  /** The intent being submitted, if any: its button shows the pending style. */
  pendingIntent: string | null
  result: AccessActionResult | undefined
}) {
  return (
    <div className="flex flex-col gap-4">
      <ReasonForm
        intent="set-role"
        hidden={{ role: user.role === 'admin' ? 'user' : 'admin' }}
        label={user.role === 'admin' ? 'Remove admin role' : 'Make admin'}
        variant="secondary"
        disabled={disabled}
        pending={pendingIntent === 'set-role'}
        result={result}
      />
      <ReasonForm
        intent="set-active"
        hidden={{ isActive: user.isActive ? 'false' : 'true' }}
        label={user.isActive ? 'Deactivate user' : 'Activate user'}
        variant={user.isActive ? 'danger' : 'primary'}
        disabled={disabled}
        pending={pendingIntent === 'set-active'}
        result={result}
      />
    </div>
  )
}
