import { confirmErrorsOf } from '#app/components/admin/confirm-errors.ts'
import { useIdempotentAttempt } from '#app/components/admin/user/use-idempotent-attempt.ts'
import type { ConfirmErrors } from '#app/components/admin/user/reason-confirm-dialog.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { plural } from '#app/lib/format.ts'
import { formatCents } from '#app/lib/money.ts'
import { useQueryClient, useTRPC, useTRPCClient } from '#app/lib/trpc.ts'
// The schemas the server checks these changes with.
import {
  ZAdminChangeServicePriceInput,
  ZAdminExtendServiceInput,
  ZAdminRefundChargeBody,
} from '#server/services/services/schemas.ts'
import type { AdminService, ServiceCharge } from './use-admin-services.ts'
import type { ValueReasonErrors } from './value-reason-dialog.tsx'

export type StatusChange = 'suspend' | 'unsuspend' | 'terminate'

const DONE: Record<StatusChange, string> = {
  suspend: 'suspended',
  unsuspend: 'unsuspended',
  terminate: 'terminated',
}

/** A refusal (the form's own parse or the server's) on the value, the reason, or the form. */
function valueErrorsOf(error: unknown, valueKeys: string[]): ValueReasonErrors {
  const view = parseAppError(error)
  const fields = view.fieldErrors ?? {}
  const value = valueKeys.map((key) => fields[key]).find(Boolean)
  if (value || fields.reason) return { value, reason: fields.reason }
  return { other: view.message }
}

/**
 * The detail page's admin changes. Each resolves once the service (and the lists, and its
 * events) have refreshed, so a dialog closes on the new state; success is a toast, a refusal
 * the errors its dialog shows (in the app's words, parseAppError).
 */
export function useServiceAdminActions(service: AdminService) {
  const trpc = useTRPC()
  const client = useTRPCClient()
  const queryClient = useQueryClient()
  const toast = useToast()
  const refundAttempt = useIdempotentAttempt<string>((a, b) => a === b)
  const admin = client.services.admin
  const serviceId = service.id
  const name = `Service #${serviceId}`

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.services.admin.pathFilter()),
      queryClient.invalidateQueries(trpc.admin.provisioning.pathFilter()),
    ])

  async function settle<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change()
    } finally {
      await refresh()
    }
  }

  async function changeStatus(change: StatusChange, reason: string): Promise<ConfirmErrors | null> {
    try {
      await settle(() => admin[change].mutate({ serviceId, reason }))
      toast({ tone: 'success', title: `${name} ${DONE[change]}`, description: reason })
      return null
    } catch (error) {
      return confirmErrorsOf(error)
    }
  }

  async function extend(days: string, reason: string): Promise<ValueReasonErrors | null> {
    try {
      const input = ZAdminExtendServiceInput.parse({ serviceId, days, reason })
      await settle(() => admin.extend.mutate(input))
      toast({ tone: 'success', title: `${name} extended by ${plural(input.days, 'day')}` })
      return null
    } catch (error) {
      return valueErrorsOf(error, ['days'])
    }
  }

  async function changePrice(price: string, reason: string): Promise<ValueReasonErrors | null> {
    try {
      // Checked here; sent as the decimal text typed (the server parses it to cents itself).
      const checked = ZAdminChangeServicePriceInput.parse({ serviceId, price, reason })
      await settle(() => admin.changePrice.mutate({ serviceId, price, reason }))
      toast({
        tone: 'success',
        title: `${name} now renews at ${formatCents(checked.price)}`,
        description: 'From its next renewal; the current period keeps the price paid.',
      })
      return null
    } catch (error) {
      return valueErrorsOf(error, ['price'])
    }
  }

  async function refund(
    charge: ServiceCharge,
    amount: string,
    reason: string,
  ): Promise<ValueReasonErrors | null> {
    try {
      const body = ZAdminRefundChargeBody.parse({ amount, reason })
      // The same refund sent again (its answer was lost) reuses its key: never paid twice.
      const idempotencyKey = refundAttempt.keyFor(`${charge.id}:${body.amount}:${body.reason}`)
      const result = await settle(() =>
        admin.refundCharge.mutate({
          serviceId,
          chargeId: charge.id,
          amountCents: body.amount,
          reason: body.reason,
          idempotencyKey,
        }),
      )
      refundAttempt.forget()
      toast({
        tone: 'success',
        title: `Refunded ${formatCents(result.refund.amountCents)} to ${service.user.name}`,
        description: `Their balance is now ${formatCents(result.balanceAfterCents)}.`,
      })
      return null
    } catch (error) {
      if (!parseAppError(error).outcomeUnknown) refundAttempt.forget()
      return valueErrorsOf(error, ['amount', 'amountCents'])
    }
  }

  return { changeStatus, extend, changePrice, refund, refresh }
}
