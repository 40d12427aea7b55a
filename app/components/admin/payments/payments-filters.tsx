import { Form, useSubmit } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { PURPOSE_OPTIONS, SHOW_OPTIONS, type PaymentsQuery } from './payments-query.ts'

const SELECTS = [
  { label: 'Show', name: 'show', options: SHOW_OPTIONS },
  { label: 'Balance', name: 'purpose', options: PURPOSE_OPTIONS },
] as const

/**
 * What the list shows, as a GET form (works without JavaScript): choosing in a select applies
 * it at once, the search applies on Enter or "Search". A new choice starts from the newest
 * top-ups (no cursor is sent).
 */
export function PaymentsFilters({
  query,
  searchError,
}: {
  query: PaymentsQuery
  searchError?: string | null
}) {
  const submit = useSubmit()
  return (
    <Form
      method="get"
      // Remounted per URL so the controls show what the list shows.
      key={`${query.show}|${query.purpose}|${query.q}`}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,16rem)_minmax(0,12rem)_minmax(0,1fr)_auto] lg:items-end"
      aria-label="Filter top-ups"
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement)
          submit(event.currentTarget, { preventScrollReset: true })
      }}
    >
      {SELECTS.map((select) => (
        <SelectField
          key={select.name}
          label={select.label}
          name={select.name}
          defaultValue={query[select.name]}
        >
          {select.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      ))}
      <Field
        label="Search"
        name="q"
        type="search"
        maxLength={200}
        autoComplete="off"
        defaultValue={query.q}
        description="User id, email, #top-up id, PayPal order or capture id"
        errors={searchError}
        className="sm:col-span-2 lg:col-span-1"
      />
      <Button type="submit" variant="secondary" className="justify-self-start">
        Search
      </Button>
    </Form>
  )
}
