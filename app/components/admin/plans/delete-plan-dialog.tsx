import type { RefObject } from 'react'
import type { AdminPlan } from '#app/components/dns/plan-form-dialog.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { openWhile } from '#app/components/ui/open-while.ts'

/** Deleting a plan for good: only one nobody ever subscribed to; the others are retired. */
export function DeletePlanDialog({
  plan,
  error,
  pending,
  onCancel,
  onConfirm,
  returnFocusTo,
}: {
  plan: AdminPlan | null
  error: string | null
  pending: boolean
  onCancel: () => void
  onConfirm: () => void
  /** Where focus goes once the deleted plan's row (and its Delete button) is gone. */
  returnFocusTo: RefObject<HTMLElement | null>
}) {
  return (
    <AlertDialog
      {...openWhile(plan, onCancel)}
      returnFocusTo={returnFocusTo}
      title={plan ? `Delete ${plan.name}?` : ''}
      description={
        <>
          <p>
            This removes the plan for good. Only a plan nobody ever subscribed to can be deleted;
            otherwise deactivate it instead.
          </p>
          {plan && plan.subscriptions.total > 0 ? (
            <p className="text-amber-800">
              {plan.name} has {plan.subscriptions.total} subscription
              {plan.subscriptions.total === 1 ? '' : 's'} on record.
            </p>
          ) : null}
        </>
      }
      confirmLabel="Delete plan"
      pendingLabel="Deleting…"
      tone="danger"
      pending={pending}
      onConfirm={onConfirm}
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
    </AlertDialog>
  )
}
