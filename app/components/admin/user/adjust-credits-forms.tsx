import { useId, useMemo, useState, type FormEvent } from 'react'
import { Alert } from '#app/components/ui/alert.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { formatMoney } from '#app/lib/format.ts'
import { usePublicEnv } from '#app/lib/public-env.ts'
import { cn } from '#app/lib/utils.ts'
import { adminAdjustmentBody } from '#server/services/credits/adjustment-schema.ts'
import { REASON_RULE, ReasonConfirmDialog } from './reason-confirm-dialog.tsx'
import { useAdjustCredits, type Adjustment, type Direction } from './use-adjust-credits.ts'
import { useCheckedFields } from './use-checked-fields.ts'
import { check } from './validation.ts'

const TITLES = { add: 'Add credits', remove: 'Remove credits' } as const

/**
 * One adjustment form. Adding applies on submit; removing first asks for confirmation with
 * the balance it leaves (the user owes a negative one).
 */
export function AdjustCreditsForm({
  userId,
  direction,
  balanceCents,
}: {
  userId: number
  direction: Direction
  balanceCents: number
}) {
  const env = usePublicEnv()
  const headingId = useId()
  // The server's schemas, with the limits it enforces (the public env).
  const { shape } = useMemo(
    () =>
      adminAdjustmentBody({ minCents: env.adjustmentMinCents, maxCents: env.adjustmentMaxCents }),
    [env.adjustmentMinCents, env.adjustmentMaxCents],
  )
  const fields = useCheckedFields({
    amount: (text: string) => check(shape.amount, text),
    reason: (text: string) => check(shape.reason, text),
  })
  const adjust = useAdjustCredits(userId, direction)
  // What the admin is asked to confirm (removals); the dialog is open while this is set.
  const [confirming, setConfirming] = useState<Adjustment | null>(null)
  const title = TITLES[direction]

  async function apply(adjustment: Adjustment) {
    if (await adjust.submit(adjustment)) fields.reset()
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (adjust.pending) return
    const valid = fields.validate()
    if (!valid) return
    const adjustment = { cents: valid.amount, reason: valid.reason }
    if (direction === 'remove') setConfirming(adjustment)
    else void apply(adjustment)
  }

  return (
    <Card>
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <form aria-labelledby={headingId} noValidate onSubmit={onSubmit} className="mt-4 space-y-4">
        <Field
          label="Amount (USD)"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          description={`Between ${formatMoney(env.adjustmentMinCents)} and ${formatMoney(env.adjustmentMaxCents)}, at most two decimals.`}
          {...fields.bind('amount', adjust.serverErrors)}
        />
        <Field
          label="Reason"
          autoComplete="off"
          description={`${REASON_RULE} Recorded in the ledger with your name.`}
          {...fields.bind('reason', adjust.serverErrors)}
        />
        {adjust.serverErrors.errors.other ? (
          <Alert tone="error">{adjust.serverErrors.errors.other}</Alert>
        ) : null}
        <Button
          type="submit"
          variant={direction === 'remove' ? 'danger' : 'primary'}
          pending={adjust.pending}
          pendingLabel={direction === 'remove' ? 'Removing…' : 'Adding…'}
        >
          {title}
        </Button>
      </form>
      {direction === 'remove' ? (
        <ReasonConfirmDialog
          open={confirming !== null}
          onClose={() => setConfirming(null)}
          title="Remove credits?"
          tone="danger"
          confirmLabel="Remove credits"
          pendingLabel="Removing…"
          description={
            confirming ? (
              <RemovalSummary adjustment={confirming} balanceCents={balanceCents} />
            ) : null
          }
          onConfirm={async () => {
            // Failures show on the form (the fields they concern), so the dialog closes.
            if (confirming) await apply(confirming)
            return null
          }}
        />
      ) : null}
    </Card>
  )
}

function RemovalSummary({
  adjustment,
  balanceCents,
}: {
  adjustment: Adjustment
  balanceCents: number
}) {
  const resultCents = balanceCents - adjustment.cents
  return (
    <>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">Amount to remove</dt>
        <dd className="font-medium tabular-nums">{formatMoney(adjustment.cents)}</dd>
        <dt className="text-slate-600">Current balance</dt>
        <dd className="font-medium tabular-nums">{formatMoney(balanceCents)}</dd>
        <dt className="text-slate-600">Balance after removal</dt>
        <dd className={cn('font-semibold tabular-nums', resultCents < 0 && 'text-rose-700')}>
          {formatMoney(resultCents)}
        </dd>
        <dt className="text-slate-600">Reason</dt>
        <dd className="break-words">{adjustment.reason}</dd>
      </dl>
      {resultCents < 0 ? (
        <p className="rounded-md bg-rose-50 p-3 font-medium text-rose-800 ring-1 ring-rose-200">
          This will leave a negative balance of {formatMoney(resultCents)}: the user will owe it.
        </p>
      ) : null}
    </>
  )
}
