import { useState, type FormEvent } from 'react'
import { useTextFields, VERBATIM } from '#app/components/admin/use-text-fields.ts'
import {
  FeaturesField,
  FormDialog,
  FormDialogFooter,
  ReasonField,
} from '#app/components/admin/form-dialog.tsx'
import { Field, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { familyNoun } from './limits-summary.ts'
import {
  CYCLES,
  createInputOf,
  updateInputOf,
  valuesOf,
  type CreateInput,
  type ProductErrors,
  type ProductValues,
  type UpdateInput,
} from './product-form.ts'
import type { AdminProduct, Family } from './use-admin-catalog.ts'

export type ProductFormTarget = { family: Family; product: AdminProduct | null }

type Save = (
  request: { create: CreateInput } | { update: UpdateInput },
) => Promise<ProductErrors | null>

/**
 * Create or edit a product of one family in a dialog, with that family's limits fields. Every
 * field is checked with the server's schema before sending; the server's field errors land on
 * the same fields. Prices of an existing product change through "Change price" (announced).
 */
export function ProductFormDialog({
  target,
  onClose,
  onSave,
}: {
  target: ProductFormTarget | null
  onClose: () => void
  onSave: Save
}) {
  const product = target?.product ?? null
  return (
    <FormDialog
      subject={target}
      onClose={onClose}
      className="w-[40rem]"
      title={target ? (product ? `Edit ${product.name}` : `New ${familyNoun(target.family)}`) : ''}
      description={
        product
          ? 'Limits and the setup fee apply to new orders; prices change with "Change price".'
          : 'Offered to customers at once when active; hidden keeps it off the catalog.'
      }
      form={(target, onPending) => (
        <ProductForm
          key={target.product?.id ?? `new-${target.family}`}
          target={target}
          onPending={onPending}
          onSave={onSave}
        />
      )}
    />
  )
}

function ProductForm({
  target,
  onPending,
  onSave,
}: {
  target: ProductFormTarget
  onPending: (pending: boolean) => void
  onSave: Save
}) {
  const { family, product } = target
  const { values, setValues, errors, setErrors, text } = useTextFields<ProductValues>(() =>
    valuesOf(product),
  )
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const checked = product ? updateInputOf(product, values) : createInputOf(family, values)
    if ('errors' in checked) return setErrors(checked.errors)
    setErrors({})
    setPending(true)
    onPending(true)
    const request = product
      ? { update: checked.input as UpdateInput }
      : { create: checked.input as CreateInput }
    const failed = await onSave(request).finally(() => {
      setPending(false)
      onPending(false)
    })
    if (failed) setErrors(failed)
  }

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" {...text('name')} />
        {product ? null : (
          <Field
            label="Slug"
            description="Lowercase letters, digits and dashes; never changes."
            {...VERBATIM}
            {...text('slug')}
          />
        )}
      </div>
      <TextareaField label="Description" rows={2} {...text('description')} />
      {family === 'dns' ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Max domains" inputMode="numeric" {...text('maxDomains')} />
          <Field label="Max records per domain" inputMode="numeric" {...text('maxRecords')} />
        </div>
      ) : (
        <fieldset className="space-y-4">
          <legend className="text-sm font-semibold text-slate-900">Hardware</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="CPU" placeholder="Xeon E-2388G" {...text('cpu')} />
            <Field label="Cores" inputMode="numeric" {...text('cores')} />
            <Field label="RAM (GB)" inputMode="numeric" {...text('ramGb')} />
            <Field label="Bandwidth (TB a month)" inputMode="numeric" {...text('bandwidthTb')} />
            <Field label="Location" placeholder="Frankfurt" {...text('location')} />
            <TextareaField
              label="Disks"
              rows={2}
              description="One per line: size in GB and kind (ssd, nvme, hdd), e.g. 960 nvme."
              {...text('disks')}
            />
          </div>
        </fieldset>
      )}
      {product ? null : (
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold text-slate-900">Prices (USD)</legend>
          <p className="text-xs text-slate-600">
            Each cycle its own exact amount; leave a cycle empty to not sell it. At least one.
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            {CYCLES.map((cycle) => (
              <Field
                key={cycle}
                label={`Price ${cycle}`}
                name={`prices.${cycle}`}
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.00"
                value={values.prices[cycle]}
                errors={errors[`prices.${cycle}`]}
                onChange={(event) => {
                  const value = event.target.value
                  setValues((current) => ({
                    ...current,
                    prices: { ...current.prices, [cycle]: value },
                  }))
                  setErrors((current) => ({
                    ...current,
                    [`prices.${cycle}`]: undefined,
                    prices: undefined,
                  }))
                }}
              />
            ))}
          </div>
          {errors.prices ? (
            <p role="alert" className="text-xs font-medium text-rose-700">
              {errors.prices}
            </p>
          ) : null}
        </fieldset>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Setup fee (USD)"
          inputMode="decimal"
          description="Charged once with the first period; 0 for none."
          {...text('setupFee')}
        />
        {product ? null : (
          <SelectField
            label="Visibility"
            name="visibility"
            value={values.visibility}
            onChange={(event) =>
              setValues((current) => ({
                ...current,
                visibility: event.target.value === 'hidden' ? 'hidden' : 'active',
              }))
            }
          >
            <option value="active">Active (offered)</option>
            <option value="hidden">Hidden</option>
          </SelectField>
        )}
      </div>
      <FeaturesField rows={3} {...text('features')} />
      <ReasonField {...text('reason')} />
      <FormDialogFooter pending={pending} error={errors.other}>
        {product ? 'Save changes' : 'Create product'}
      </FormDialogFooter>
    </form>
  )
}
