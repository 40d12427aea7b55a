import { useState, type FormEvent } from 'react'
import { FeaturesField, FormDialogFooter } from '#app/components/admin/form-dialog.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Dialog } from '#app/components/ui/dialog.tsx'
import { Field, TextareaField } from '#app/components/ui/field.tsx'
import { centsToDecimal } from '#app/lib/money.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
// Browser-safe: the same schema the server checks the plan with (no env, no server-only code).
import { fieldErrorsOf } from '#server/lib/validation.ts'
import { ZPlanFields } from '#server/services/dns-plans/plan-schemas.ts'

export type AdminPlan = RouterOutputs['admin']['dnsPlans']['list'][number]

/** What admin.dnsPlans.create takes, and update with a planId (always all fields: see below). */
export type PlanFields = {
  slug: string
  name: string
  description: string
  /** Decimal text, e.g. "15.00". */
  price: string
  maxDomains: number
  maxRecords: number
  features: string[]
  isActive: boolean
  displayOrder: number
  /** Why, for the audit log; left out when blank. */
  reason?: string
}

/** Every field of a plan as update should receive it (a partial update resets the others). */
export function planFieldsOf(plan: AdminPlan): PlanFields {
  return {
    slug: plan.slug,
    name: plan.name,
    description: plan.description,
    price: centsToDecimal(plan.price.cents),
    maxDomains: plan.maxDomains,
    maxRecords: plan.maxRecords,
    features: [...plan.features],
    isActive: plan.isActive,
    displayOrder: plan.displayOrder,
  }
}

export type FieldErrors = Partial<Record<keyof PlanFields | 'other', string[]>>

type Values = {
  name: string
  slug: string
  description: string
  price: string
  maxDomains: string
  maxRecords: string
  features: string
  isActive: boolean
  reason: string
}

/** The typed text checked with the server's schema; what it would send, or the field errors. */
function validate(
  values: Values,
  displayOrder: number,
): { fields: PlanFields } | { errors: FieldErrors } {
  const reason = values.reason.trim()
  const input = {
    name: values.name,
    slug: values.slug,
    description: values.description,
    price: values.price.trim(),
    maxDomains: values.maxDomains,
    maxRecords: values.maxRecords,
    features: values.features
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
    isActive: values.isActive,
    displayOrder,
    ...(reason ? { reason } : {}),
  }
  const parsed = ZPlanFields.safeParse(input)
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error) }
  const { price, ...rest } = parsed.data
  return { fields: { ...rest, price: centsToDecimal(price) } }
}

function valuesOf(plan: AdminPlan | null): Values {
  return {
    name: plan?.name ?? '',
    slug: plan?.slug ?? '',
    description: plan?.description ?? '',
    price: plan ? centsToDecimal(plan.price.cents) : '',
    maxDomains: plan ? String(plan.maxDomains) : '',
    maxRecords: plan ? String(plan.maxRecords) : '',
    features: plan?.features.join('\n') ?? '',
    isActive: plan?.isActive ?? true,
    reason: '',
  }
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

/**
 * Create or edit a plan in a dialog. `onSubmit` sends the fields and resolves to field
 * errors from the server (or null when saved, which closes the dialog). Focus returns to the
 * button that opened it.
 */
export function PlanFormDialog({
  open,
  onOpenChange,
  plan,
  nextDisplayOrder,
  pending,
  onSubmit,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The plan to edit, or null to create one. */
  plan: AdminPlan | null
  /** displayOrder for a new plan (after the others). */
  nextDisplayOrder: number
  pending: boolean
  onSubmit: (fields: PlanFields) => Promise<FieldErrors | null>
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      pending={pending}
      className="w-[36rem]"
      title={plan ? `Edit ${plan.name}` : 'New DNS plan'}
      description={
        plan
          ? 'A new price applies to each subscription from its next renewal.'
          : 'The plan is offered to users as soon as it is active.'
      }
    >
      {/* Keyed so each opening starts from the plan's current values. */}
      {open ? (
        <PlanForm
          key={plan?.id ?? 'new'}
          plan={plan}
          displayOrder={plan ? plan.displayOrder : nextDisplayOrder}
          pending={pending}
          onSubmit={onSubmit}
        />
      ) : null}
    </Dialog>
  )
}

function PlanForm({
  plan,
  displayOrder,
  pending,
  onSubmit,
}: {
  plan: AdminPlan | null
  displayOrder: number
  pending: boolean
  onSubmit: (fields: PlanFields) => Promise<FieldErrors | null>
}) {
  const [values, setValues] = useState<Values>(() => valuesOf(plan))
  const [slugTouched, setSlugTouched] = useState(plan !== null)
  const [errors, setErrors] = useState<FieldErrors>({})

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((current) => {
      const next = { ...current, [key]: value }
      if (key === 'name' && !slugTouched) next.slug = slugify(String(value))
      return next
    })
    setErrors((current) => ({ ...current, [key]: undefined, other: undefined }))
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const result = validate(values, displayOrder)
    if ('errors' in result) {
      setErrors(result.errors)
      return
    }
    setErrors({})
    const serverErrors = await onSubmit(result.fields)
    if (serverErrors) setErrors(serverErrors)
  }

  const text = (key: Exclude<keyof Values, 'isActive'>) => ({
    name: key,
    autoComplete: 'off',
    value: values[key],
    errors: errors[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value),
  })

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" {...text('name')} />
        <Field
          label="Slug"
          description="Lowercase letters, digits and dashes."
          {...text('slug')}
          onChange={(event) => {
            setSlugTouched(true)
            set('slug', event.target.value)
          }}
        />
      </div>
      <TextareaField label="Description" rows={2} {...text('description')} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Price per month (USD)"
          inputMode="decimal"
          placeholder="15.00"
          {...text('price')}
        />
        <Field label="Max domains" inputMode="numeric" {...text('maxDomains')} />
        <Field label="Max records" inputMode="numeric" {...text('maxRecords')} />
      </div>
      <FeaturesField rows={4} {...text('features')} />
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input
          type="checkbox"
          name="isActive"
          checked={values.isActive}
          onChange={(event) => set('isActive', event.target.checked)}
          className="h-4 w-4 rounded border-slate-300 text-indigo-600"
        />
        Active (offered to users)
      </label>
      <Field
        label="Reason (optional)"
        description="Recorded in the admin audit log with the change."
        {...text('reason')}
      />
      {errors.displayOrder ? <Alert tone="error">{errors.displayOrder.join(' ')}</Alert> : null}
      <FormDialogFooter pending={pending} error={errors.other?.join(' ')}>
        {plan ? 'Save changes' : 'Create plan'}
      </FormDialogFooter>
    </form>
  )
}
