import type { FormEvent } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { formatCount, formatMoney } from '#app/lib/format.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { ADMIN_GRANT_MAX_TOKENS, ZGrantTokens } from '#server/services/virtfusion/schemas.ts'
import { REASON_RULE } from './reason-confirm-dialog.tsx'
import { useAddTokens } from './use-add-tokens.ts'
import { useCheckedFields } from './use-checked-fields.ts'
import { check } from './validation.ts'

/** Typed digits as a number for the number schema; anything else stays text and fails it. */
function wholeNumberInput(text: string): number | string {
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : trimmed
}

const CHECKS = {
  tokens: (text: string) => check(ZGrantTokens, wholeNumberInput(text)),
  reason: (text: string) => check(ZReason, text),
}

export function AddTokensForm({
  user,
}: {
  user: { id: number; name: string; virtfusionUserId: number | null }
}) {
  const add = useAddTokens(user)
  const fields = useCheckedFields(CHECKS)
  const preview = fields.valid('tokens')

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (add.pending) return
    const grant = fields.validate()
    if (grant && (await add.submit(grant))) fields.reset()
  }

  return (
    <Card>
      <h2 className="text-lg font-semibold">Add tokens</h2>
      {/* Not aria-labelledby the heading: "Add tokens" would then also match the label "Tokens". */}
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="mt-4 space-y-4">
        <div className="space-y-1">
          <Field
            label="Tokens"
            inputMode="numeric"
            autoComplete="off"
            placeholder="500"
            description={`A whole number from 1 to ${formatCount(ADMIN_GRANT_MAX_TOKENS)}. 100 tokens = $1.`}
            {...fields.bind('tokens', add.serverErrors)}
          />
          <p
            className="text-sm font-medium tabular-nums text-slate-700"
            aria-live="polite"
            data-testid="token-value-preview"
          >
            {/* 100 tokens = $1: a token count is its value in cents. */}
            {preview !== null ? `= ${formatMoney(preview)}` : null}
          </p>
        </div>
        <Field
          label="Reason"
          autoComplete="off"
          description={`${REASON_RULE} Recorded with the entry.`}
          {...fields.bind('reason', add.serverErrors)}
        />
        {user.virtfusionUserId === null ? (
          <p className="text-sm text-slate-600">
            The user is not linked yet; adding tokens links the account first.
          </p>
        ) : null}
        {add.serverErrors.errors.other ? (
          <Alert tone="error">{add.serverErrors.errors.other}</Alert>
        ) : null}
        <Button type="submit" pending={add.pending} pendingLabel="Adding…">
          Add tokens
        </Button>
      </form>
    </Card>
  )
}
