import { Form, Link, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useBranding } from '#app/components/layout/use-branding.ts'
import { Button, buttonClasses } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'

export const FILTER_KEYS = ['balance', 'type', 'from', 'to', 'search'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type FilterValues = Partial<Record<FilterKey, string>>

const BALANCE_OPTIONS = [
  ['all', 'Both balances'],
  ['credits', 'Custom credits'],
  ['tokens', 'VirtFusion tokens'],
] as const

/** What a control shows when the URL does not set it. */
const DEFAULTS: Record<FilterKey, string> = {
  balance: 'all',
  type: '',
  from: '',
  to: '',
  search: '',
}

/**
 * A GET form: the filters live in the URL, so a filtered view can be bookmarked, paged and
 * exported. The inputs follow the URL on every navigation (Clear, back, paging), not only on
 * the first render, and each error is tied to its field.
 */
export function TransactionFilters({
  values,
  errors,
  typeOptions,
  csvHref,
}: {
  values: FilterValues
  errors: Record<string, string[]> | null
  typeOptions: ReadonlyArray<readonly [string, string]>
  csvHref: string
}) {
  const location = useLocation()
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    // Uncontrolled inputs keep what was typed; after a navigation they must show the URL again.
    const form = formRef.current
    if (!form) return
    for (const key of FILTER_KEYS) {
      const control = form.elements.namedItem(key)
      if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement)
        control.value = values[key] ?? DEFAULTS[key]
    }
  }, [location.key, values])
  const controlProps = (key: FilterKey) => ({
    id: `filter-${key}`,
    name: key,
    defaultValue: values[key] ?? DEFAULTS[key],
    errors: errors?.[key],
  })

  const { creditsDisplayName } = useBranding()
  return (
    <Form
      ref={formRef}
      method="get"
      preventScrollReset
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
      aria-label="Filter transactions"
    >
      <SelectField label="Balance" {...controlProps('balance')}>
        {BALANCE_OPTIONS.map(([value, label]) => (
          <option key={value} value={value}>
            {value === 'credits' ? creditsDisplayName : label}
          </option>
        ))}
      </SelectField>
      <SelectField label="Type" {...controlProps('type')}>
        <option value="">All types</option>
        {typeOptions.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <Field type="date" label="From" {...controlProps('from')} />
      <Field type="date" label="To" {...controlProps('to')} />
      <Field type="search" label="Search description or reason" {...controlProps('search')} />
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-5">
        <Button type="submit">Apply filters</Button>
        <Link
          to={location.pathname}
          preventScrollReset
          className={buttonClasses({ variant: 'ghost' })}
        >
          Clear
        </Link>
        <a
          href={csvHref}
          download
          className={buttonClasses({ variant: 'secondary', className: 'sm:ml-auto' })}
        >
          Download CSV
        </a>
      </div>
    </Form>
  )
}
