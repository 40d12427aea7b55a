import type { ConfirmErrors } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { parseAppError } from '#app/lib/app-error.ts'

/**
 * A failed change confirmed with a reason, as its dialog shows it: on the reason field when
 * the server blamed the reason, otherwise as the dialog's own message.
 */
export function confirmErrorsOf(error: unknown): ConfirmErrors {
  const view = parseAppError(error)
  return view.fieldErrors?.reason ? { reason: view.fieldErrors.reason } : { other: view.message }
}
