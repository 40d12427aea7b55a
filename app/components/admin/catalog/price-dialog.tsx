import { useState, type FormEvent } from 'react'
import { FormDialog, FormDialogFooter, ReasonField } from '#app/components/admin/form-dialog.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { centsToDecimal } from '#app/lib/money.ts'
import { plural } from '#app/lib/format.ts'
import { fieldErrorsOf } from '#server/lib/validation.ts'
// Browser-safe: the schema the server checks the price change with.
import { ZSetPriceInput } from '#server/services/catalog/schemas.ts'
import { CYCLES } from './product-form.ts'
import type { AdminProduct, Cycle } from './use-admin-catalog.ts'

export type PriceChange = { productId: number; cycle: Cycle; price: string; reason: string }
type Errors = Partial<Record<'cycle' | 'price' | 'reason' | 'other', string>>

/**
 * A new price for one cycle of a product. New orders pay it at once; live services keep the
 * price they locked until their next renewal, and are told about the change now.
 */
export function PriceDialog({
  product,
  onClose,
  onSave,
}: {
  product: AdminProduct | null
  onClose: () => void
  onSave: (change: PriceChange) => Promise<Errors | null>
}) {
  return (
    <FormDialog
      subject={product}
      onClose={onClose}
      title={product ? `Change a price of ${product.name}` : ''}
      description={
        product
          ? `New orders pay the new price at once. It is announced now to the live subscribers on that cycle (${plural(product.services.live, 'live service')} on this product in all) and applies at their next renewal; their current period keeps the price they paid.`
          : null
      }
      form={(product, onPending) => (
        <PriceForm key={product.id} product={product} onPending={onPending} onSave={onSave} />
      )}
    />
  )
}

function PriceForm({
  product,
  onPending,
  onSave,
}: {
  product: AdminProduct
  onPending: (pending: boolean) => void
  onSave: (change: PriceChange) => Promise<Errors | null>
}) {
  const current = (cycle: Cycle) => product.prices.find((each) => each.cycle === cycle)?.price
  const first = product.prices[0]?.cycle ?? 'monthly'
  const [cycle, setCycle] = useState<Cycle>(first)
  const [price, setPrice] = useState(() => {
    const now = current(first)
    return now ? centsToDecimal(now.cents) : ''
  })
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (pending) return
    const change = { productId: product.id, cycle, price: price.trim(), reason }
    const parsed = ZSetPriceInput.safeParse(change)
    if (!parsed.success) {
      const fields = fieldErrorsOf(parsed.error)
      return setErrors({
        cycle: fields.cycle?.[0],
        price: fields.price?.[0],
        reason: fields.reason?.[0],
      })
    }
    setErrors({})
    setPending(true)
    onPending(true)
    const failed = await onSave(change).finally(() => {
      setPending(false)
      onPending(false)
    })
    if (failed) setErrors(failed)
  }

  const now = current(cycle)
  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Billing cycle"
          name="cycle"
          value={cycle}
          errors={errors.cycle}
          onChange={(event) => {
            const next = event.target.value as Cycle
            setCycle(next)
            const price = current(next)
            setPrice(price ? centsToDecimal(price.cents) : '')
          }}
        >
          {CYCLES.map((each) => (
            <option key={each} value={each}>
              {each} {current(each) ? `(now ${current(each)!.formatted})` : '(not sold yet)'}
            </option>
          ))}
        </SelectField>
        <Field
          label="New price (USD)"
          name="price"
          inputMode="decimal"
          autoComplete="off"
          description={now ? `Now ${now.formatted}.` : 'Not sold on this cycle yet: adds it.'}
          value={price}
          errors={errors.price}
          onChange={(event) => {
            setPrice(event.target.value)
            setErrors((current) => ({ ...current, price: undefined, other: undefined }))
          }}
        />
      </div>
      <ReasonField
        value={reason}
        errors={errors.reason}
        onChange={(event) => {
          setReason(event.target.value)
          setErrors((current) => ({ ...current, reason: undefined, other: undefined }))
        }}
      />
      <FormDialogFooter pending={pending} error={errors.other}>
        Change price
      </FormDialogFooter>
    </form>
  )
}
