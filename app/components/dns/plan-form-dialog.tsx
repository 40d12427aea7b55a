import * as Dialog from '@radix-ui/react-dialog'
import { useId, useState, type FormEvent, type TextareaHTMLAttributes } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { centsToDecimal, formatCents, parseDecimalToCents } from '#app/lib/money.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'

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

/* Validation (mirrors ZPlanFields in server/services/dns-plans/schemas.ts) ------------------ */

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/
const PRICE_MIN = 1
const PRICE_MAX = 1_000_000

type Values = {
  name: string
  slug: string
  description: string
  price: string
  maxDomains: string
  maxRecords: string
  features: string
  isActive: boolean
}

function wholeNumber(text: string, label: string, max: number): number | string {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return `${label} must be a whole number`
  const value = trimmed.length > 9 ? Number.POSITIVE_INFINITY : Number(trimmed)
  if (value < 1 || value > max)
    return `${label} must be between 1 and ${max.toLocaleString('en-US')}`
  return value
}

function validate(
  values: Values,
  displayOrder: number,
): { fields: PlanFields } | { errors: FieldErrors } {
  const errors: FieldErrors = {}
  const name = values.name.trim()
  if (name.length < 2 || name.length > 60) errors.name = ['Name is 2 to 60 characters']
  const slug = values.slug.trim().toLowerCase()
  if (!SLUG.test(slug))
    errors.slug = [
      'Slug: lowercase letters, digits and dashes (up to 40), starting with a letter or digit',
    ]
  const description = values.description.trim()
  if (description.length > 500) errors.description = ['Description is at most 500 characters']
  const price = parseDecimalToCents(values.price.trim())
  if (!price.ok) errors.price = [price.message]
  else if (price.cents < PRICE_MIN || price.cents > PRICE_MAX)
    errors.price = [`Price must be between ${formatCents(PRICE_MIN)} and ${formatCents(PRICE_MAX)}`]
  const maxDomains = wholeNumber(values.maxDomains, 'Max domains', 100_000)
  if (typeof maxDomains === 'string') errors.maxDomains = [maxDomains]
  const maxRecords = wholeNumber(values.maxRecords, 'Max records', 10_000_000)
  if (typeof maxRecords === 'string') errors.maxRecords = [maxRecords]
  const features = values.features
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
  if (features.length > 20) errors.features = ['At most 20 features']
  else if (features.some((feature) => feature.length > 100))
    errors.features = ['Each feature is at most 100 characters']

  if (Object.keys(errors).length > 0 || !price.ok) return { errors }
  return {
    fields: {
      name,
      slug,
      description,
      price: centsToDecimal(price.cents),
      maxDomains: maxDomains as number,
      maxRecords: maxRecords as number,
      features,
      isActive: values.isActive,
      displayOrder,
    },
  }
}

function valuesOf(plan: AdminPlan | null): Values {
  return plan
    ? {
        name: plan.name,
        slug: plan.slug,
        description: plan.description,
        price: centsToDecimal(plan.price.cents),
        maxDomains: String(plan.maxDomains),
        maxRecords: String(plan.maxRecords),
        features: plan.features.join('\n'),
        isActive: plan.isActive,
      }
    : {
        name: '',
        slug: '',
        description: '',
        price: '',
        maxDomains: '',
        maxRecords: '',
        features: '',
        isActive: true,
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

function TextAreaField({
  label,
  hint,
  errors,
  id,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string
  hint?: string
  errors?: string[] | null
}) {
  const generated = useId()
  const inputId = id ?? generated
  const hasErrors = Boolean(errors && errors.length > 0)
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={inputId}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors ? `${inputId}-error` : hint ? `${inputId}-hint` : undefined}
        className={cn(
          'block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset',
          hasErrors ? 'ring-rose-400 focus:ring-rose-500' : 'ring-slate-300 focus:ring-indigo-600',
        )}
        {...props}
      />
      {hint && !hasErrors ? (
        <p id={`${inputId}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {hasErrors ? (
        <p id={`${inputId}-error`} role="alert" className="text-xs text-rose-600">
          {errors!.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/**
 * Create or edit a plan in a dialog. `onSubmit` sends the fields and resolves to field
 * errors from the server (or null when saved, which closes the dialog).
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
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending && !next) return
        onOpenChange(next)
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100vh-2rem)] w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl ring-1 ring-slate-200 focus:outline-none">
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
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
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

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <Dialog.Title className="text-lg font-semibold">
        {plan ? `Edit ${plan.name}` : 'New DNS plan'}
      </Dialog.Title>
      <Dialog.Description className="text-sm text-slate-600">
        {plan
          ? 'A new price applies to each subscription from its next renewal.'
          : 'The plan is offered to users as soon as it is active.'}
      </Dialog.Description>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          errors={errors.name}
        />
        <Field
          label="Slug"
          name="slug"
          autoComplete="off"
          hint="Lowercase letters, digits and dashes."
          value={values.slug}
          onChange={(event) => {
            setSlugTouched(true)
            set('slug', event.target.value)
          }}
          errors={errors.slug}
        />
      </div>
      <TextAreaField
        label="Description"
        name="description"
        rows={2}
        value={values.description}
        onChange={(event) => set('description', event.target.value)}
        errors={errors.description}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field
          label="Price per month (USD)"
          name="price"
          inputMode="decimal"
          autoComplete="off"
          placeholder="15.00"
          value={values.price}
          onChange={(event) => set('price', event.target.value)}
          errors={errors.price}
        />
        <Field
          label="Max domains"
          name="maxDomains"
          inputMode="numeric"
          autoComplete="off"
          value={values.maxDomains}
          onChange={(event) => set('maxDomains', event.target.value)}
          errors={errors.maxDomains}
        />
        <Field
          label="Max records"
          name="maxRecords"
          inputMode="numeric"
          autoComplete="off"
          value={values.maxRecords}
          onChange={(event) => set('maxRecords', event.target.value)}
          errors={errors.maxRecords}
        />
      </div>
      <TextAreaField
        label="Features"
        name="features"
        rows={4}
        hint="One per line, up to 20."
        value={values.features}
        onChange={(event) => set('features', event.target.value)}
        errors={errors.features}
      />
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
      {errors.displayOrder ? <Alert tone="error">{errors.displayOrder.join(' ')}</Alert> : null}
      {errors.other ? <Alert tone="error">{errors.other.join(' ')}</Alert> : null}
      <div className="flex justify-end gap-3">
        <Dialog.Close asChild>
          <Button variant="secondary" disabled={pending}>
            Cancel
          </Button>
        </Dialog.Close>
        <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? 'Saving…' : plan ? 'Save changes' : 'Create plan'}
        </Button>
      </div>
    </form>
  )
}
