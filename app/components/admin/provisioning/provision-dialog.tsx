import type { FormEvent, RefObject } from 'react'
import { familyNoun, limitsSummary } from '#app/components/admin/catalog/limits-summary.ts'
import { useTextFields, VERBATIM } from '#app/components/admin/use-text-fields.ts'
import { FormDialog, FormDialogFooter, ReasonField } from '#app/components/admin/form-dialog.tsx'
import { Field, TextareaField } from '#app/components/ui/field.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { fieldErrorsOf } from '#server/lib/validation.ts'
// Browser-safe: the schema the server checks the provisioning with.
import { ZProvisionServiceBody } from '#server/services/provisioning/schemas.ts'
import { useProvisionService } from './use-provision-service.ts'
import type { QueueItem } from './use-provisioning-queue.ts'

const FIELDS = ['hostname', 'ipAddress', 'notes', 'reason'] as const
type FieldName = (typeof FIELDS)[number]
type Values = Record<FieldName, string>
type Errors = Partial<Record<FieldName | 'other', string>>

const EMPTY: Values = { hostname: '', ipAddress: '', notes: '', reason: '' }

/** A failure as messages on the form's fields; anything else is the form's own message. */
function errorsOf(fields: Record<string, string[] | string> | undefined, message: string): Errors {
  const errors: Errors = {}
  const rest: string[] = []
  for (const [key, messages] of Object.entries(fields ?? {})) {
    const first = Array.isArray(messages) ? messages[0] : messages
    if ((FIELDS as readonly string[]).includes(key)) errors[key as FieldName] = first
    else if (first) rest.push(first)
  }
  if (Object.keys(errors).length === 0 || rest.length > 0)
    errors.other = [message, ...rest].filter(Boolean).join(' ')
  return errors
}

/**
 * "Provision it": the admin records what the customer's service was given (hostname, IP,
 * notes) and why, checked with the server's own schema; the service becomes active. Opened
 * for one queued service at a time; closes once the queue no longer lists it, and focus then
 * goes to `returnFocusTo` (the row and its button are gone).
 */
export function ProvisionDialog({
  item,
  onClose,
  returnFocusTo,
}: {
  item: QueueItem | null
  onClose: () => void
  returnFocusTo: RefObject<HTMLElement | null>
}) {
  return (
    <FormDialog
      subject={item}
      onClose={onClose}
      returnFocusTo={returnFocusTo}
      className="w-[36rem]"
      title={item ? `Provision service #${item.serviceId}` : ''}
      description={
        item ? (
          <>
            {familyNoun(item.family)} {item.product.name} ordered by {item.user.name} (
            {item.user.email}), {item.cycle}, on <LocalTime value={item.orderedAt} />. The customer
            sees “being set up” until it is provisioned.
          </>
        ) : null
      }
      form={(item, onPending) => (
        <ProvisionForm key={item.serviceId} item={item} onPending={onPending} onDone={onClose} />
      )}
    />
  )
}

function ProvisionForm({
  item,
  onPending,
  onDone,
}: {
  item: QueueItem
  onPending: (pending: boolean) => void
  onDone: () => void
}) {
  const provision = useProvisionService(item)
  const { values, errors, setErrors, text } = useTextFields<Values>(() => EMPTY)
  const pending = provision.isPending

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const parsed = ZProvisionServiceBody.safeParse(values)
    if (!parsed.success) return setErrors(errorsOf(fieldErrorsOf(parsed.error), ''))
    setErrors({})
    onPending(true)
    try {
      // Resolves once the queue has refreshed without this service.
      await provision.mutateAsync({ serviceId: item.serviceId, ...parsed.data })
      onPending(false)
      onDone()
    } catch (error) {
      onPending(false)
      const view = parseAppError(error)
      setErrors(errorsOf(view.fieldErrors, view.message))
    }
  }

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-slate-200">
        {limitsSummary(item.family, item.product.limits)}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Hostname"
          placeholder="srv1.example.com"
          {...VERBATIM}
          {...text('hostname')}
        />
        <Field label="IP address" placeholder="203.0.113.10" {...VERBATIM} {...text('ipAddress')} />
      </div>
      <TextareaField
        label="Notes (optional)"
        rows={3}
        description="Kept with the service: rack, hand-over details, anything the next admin needs."
        {...text('notes')}
      />
      <ReasonField {...text('reason')} />
      <FormDialogFooter pending={pending} pendingLabel="Provisioning…" error={errors.other}>
        Mark active
      </FormDialogFooter>
    </form>
  )
}
