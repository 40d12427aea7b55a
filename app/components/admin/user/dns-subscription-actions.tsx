import { useState } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { formatDate } from '#app/lib/format.ts'
import { useMutation, useQueryClient, useTRPC } from '#app/lib/trpc.ts'
import { ZExtendDays } from '#server/services/dns-plans/plan-schemas.ts'
import type { AdminSubscription } from './dns-subscription.tsx'
import { ReasonConfirmDialog, type ConfirmErrors } from './reason-confirm-dialog.tsx'
import { serverFailure } from './server-errors.ts'
import { check } from './validation.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const OFFLINE = 'Could not reach the server. Reload the page to see whether the change was made.'

/** A failed action's errors for the dialog: the reason in place, anything else below it. */
function confirmErrorsOf(error: unknown): ConfirmErrors {
  const failure = serverFailure(error, ['reason', 'days'], OFFLINE)
  const other = [
    failure.fields.days,
    failure.fields.reason ? '' : failure.message,
    failure.otherFields,
  ]
    .filter(Boolean)
    .join(' ')
  return { reason: failure.fields.reason, other: other || undefined }
}

function useSubscriptionMutations(userId: number) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const onSettled = () =>
    Promise.all([
      queryClient.invalidateQueries({
        queryKey: trpc.admin.dnsPlans.subscription.queryKey({ userId }),
      }),
      // Live counts on the plans page.
      queryClient.invalidateQueries({ queryKey: trpc.admin.dnsPlans.list.queryKey() }),
    ])
  return {
    cancel: useMutation({ ...trpc.admin.dnsPlans.cancelSubscription.mutationOptions(), onSettled }),
    extend: useMutation({ ...trpc.admin.dnsPlans.extendSubscription.mutationOptions(), onSettled }),
  }
}

/** Extend by N days or cancel now, each confirmed with a reason the user is told. */
export function DnsSubscriptionActions({
  userId,
  subscription,
}: {
  userId: number
  subscription: AdminSubscription
}) {
  const toast = useToast()
  const { cancel, extend } = useSubscriptionMutations(userId)
  const [open, setOpen] = useState<'extend' | 'cancel' | null>(null)
  const [daysText, setDaysText] = useState('30')
  const days = check(ZExtendDays, daysText)
  const periodEnd = subscription.currentPeriodEnd
  const extendLabel = days.ok
    ? `Extend by ${days.value} ${days.value === 1 ? 'day' : 'days'}`
    : 'Extend by N days'

  async function run<T>(
    action: () => Promise<T>,
    done: { title: string; description: (result: T) => string },
    failed: string,
  ): Promise<ConfirmErrors | null> {
    try {
      const result = await action()
      toast({ tone: 'success', title: done.title, description: done.description(result) })
      return null
    } catch (error) {
      const errors = confirmErrorsOf(error)
      toast({ tone: 'error', title: failed, description: errors.other ?? errors.reason })
      return errors
    }
  }

  return (
    <div className="flex flex-wrap items-end justify-between gap-4 border-t border-slate-100 pt-4">
      <div className="flex flex-wrap items-end gap-2">
        <Field
          label="Days"
          name="days"
          inputMode="numeric"
          autoComplete="off"
          className="w-24"
          value={daysText}
          onChange={(event) => setDaysText(event.target.value)}
          errors={daysText.trim() !== '' && !days.ok ? days.message : null}
        />
        <Button variant="secondary" disabled={!days.ok} onClick={() => setOpen('extend')}>
          {extendLabel}
        </Button>
      </div>
      <Button variant="danger" onClick={() => setOpen('cancel')}>
        Cancel subscription
      </Button>
      <ReasonConfirmDialog
        open={open === 'extend'}
        onClose={() => setOpen(null)}
        title="Extend this DNS plan?"
        confirmLabel={extendLabel}
        pendingLabel="Extending…"
        reasonHint="Recorded in the audit log and shown to the user."
        description={
          <>
            <p>
              The current period is extended by {days.ok ? days.value : '…'} days free of charge
              {subscription.status === 'past_due' ? ' and the plan becomes active again' : ''}. The
              user is notified with your reason.
            </p>
            <p>
              The period ends on {formatDate(periodEnd)}
              {days.ok
                ? `; after extending, on ${formatDate(new Date(periodEnd.getTime() + days.value * DAY_MS))}`
                : ''}
              .
            </p>
          </>
        }
        onConfirm={async (reason) => {
          if (!days.ok) return { other: days.message }
          return run(
            () => extend.mutateAsync({ userId, days: days.value, reason: reason ?? '' }),
            {
              title: 'Subscription extended',
              description: (result) =>
                `The current period now ends on ${formatDate(result.currentPeriodEnd)}.`,
            },
            "Couldn't extend the subscription",
          )
        }}
      />
      <ReasonConfirmDialog
        open={open === 'cancel'}
        onClose={() => setOpen(null)}
        title="Cancel this user's DNS plan?"
        tone="danger"
        confirmLabel="Cancel subscription"
        pendingLabel="Cancelling…"
        reasonHint="Recorded in the audit log and shown to the user."
        description={
          <p>
            {subscription.plan.name} ends now, before its period end on {formatDate(periodEnd)}.
            Nothing is refunded. The user is notified with your reason.
          </p>
        }
        onConfirm={(reason) =>
          run(
            () => cancel.mutateAsync({ userId, reason: reason ?? '' }),
            {
              title: 'Subscription cancelled',
              description: () => 'The plan ended now; the user was notified.',
            },
            "Couldn't cancel the subscription",
          )
        }
      />
    </div>
  )
}
