import { Form, Link } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'

export const ENTRY_TYPE_OPTIONS = [
  ['purchase', 'Purchase'],
  ['admin_add', 'Added by admin'],
  ['admin_remove', 'Removed by admin'],
  ['dns_plan_purchase', 'DNS plan purchase'],
  ['dns_plan_renewal', 'DNS plan renewal'],
  ['dns_plan_upgrade', 'DNS plan upgrade'],
  ['refund', 'Refund'],
  ['chargeback', 'Chargeback'],
] as const

export const FILTER_KEYS = ['type', 'from', 'to', 'minAmount', 'maxAmount', 'search'] as const

const inputClass =
  'block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600'

/** A GET form: filters live in the URL, so a filtered view can be bookmarked and exported. */
export function TransactionFilters({
  values,
  errors,
  csvHref,
}: {
  values: Partial<Record<(typeof FILTER_KEYS)[number], string>>
  errors: Record<string, string[]> | null
  csvHref: string
}) {
  const fieldError = (key: string) =>
    errors?.[key] ? (
      <p role="alert" className="text-xs text-rose-600">
        {errors[key].join(' ')}
      </p>
    ) : null
  return (
    <Form
      method="get"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6"
      aria-label="Filter transactions"
    >
      <input type="hidden" name="tab" value="transactions" />
      <div className="lg:col-span-2">
        <label htmlFor="filter-search" className="block text-xs font-medium text-slate-600">
          Search description or reason
        </label>
        <input
          id="filter-search"
          name="search"
          type="search"
          defaultValue={values.search}
          className={inputClass}
        />
        {fieldError('search')}
      </div>
      <div>
        <label htmlFor="filter-type" className="block text-xs font-medium text-slate-600">
          Type
        </label>
        <select
          id="filter-type"
          name="type"
          defaultValue={values.type ?? ''}
          className={inputClass}
        >
          <option value="">All types</option>
          {ENTRY_TYPE_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {fieldError('type')}
      </div>
      <div>
        <label htmlFor="filter-from" className="block text-xs font-medium text-slate-600">
          From
        </label>
        <input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={values.from}
          className={inputClass}
        />
        {fieldError('from')}
      </div>
      <div>
        <label htmlFor="filter-to" className="block text-xs font-medium text-slate-600">
          To
        </label>
        <input
          id="filter-to"
          name="to"
          type="date"
          defaultValue={values.to}
          className={inputClass}
        />
        {fieldError('to')}
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor="filter-min" className="block text-xs font-medium text-slate-600">
            Min $
          </label>
          <input
            id="filter-min"
            name="minAmount"
            inputMode="decimal"
            defaultValue={values.minAmount}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="filter-max" className="block text-xs font-medium text-slate-600">
            Max $
          </label>
          <input
            id="filter-max"
            name="maxAmount"
            inputMode="decimal"
            defaultValue={values.maxAmount}
            className={inputClass}
          />
        </div>
        <div className="col-span-2">
          {fieldError('minAmount')}
          {fieldError('maxAmount')}
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-2 lg:col-span-6">
        <Button type="submit">Apply filters</Button>
        <Link
          to="?tab=transactions"
          className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
        >
          Clear
        </Link>
        <a
          href={csvHref}
          className="ml-auto rounded-md px-3 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-50"
          download
        >
          Download CSV
        </a>
      </div>
    </Form>
  )
}
