import { Button } from '#app/components/ui/button.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
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
  return (
    <FilterForm
      // Remounted per URL so the controls show what the list shows.
      key={`${query.show}|${query.purpose}|${query.q}`}
      label="Filter top-ups"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,16rem)_minmax(0,12rem)_minmax(0,1fr)_auto] lg:items-end"
      selects={SELECTS}
      values={query}
    >
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
    </FilterForm>
  )
}
