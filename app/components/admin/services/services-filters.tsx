import { Button } from '#app/components/ui/button.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import {
  DUE_OPTIONS,
  FAMILY_OPTIONS,
  STATUS_OPTIONS,
  type ServicesQuery,
} from './services-query.ts'

const SELECTS = [
  { label: 'Family', name: 'family', options: FAMILY_OPTIONS },
  { label: 'Status', name: 'status', options: STATUS_OPTIONS },
  { label: 'Renewal', name: 'due', options: DUE_OPTIONS },
] as const

/**
 * Which services the list shows, as a GET form (works without JavaScript): a select applies
 * at once, the user box on Enter or Show. A new choice starts from the newest services.
 */
export function ServicesFilters({ query }: { query: ServicesQuery }) {
  return (
    <FilterForm
      key={`${query.family}|${query.status}|${query.due}|${query.user}`}
      label="Filter services"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,12rem))_minmax(0,1fr)_auto] lg:items-end"
      selects={SELECTS}
      values={query}
    >
      <Field
        label="User"
        name="user"
        type="search"
        autoComplete="off"
        placeholder="Id, email or name"
        defaultValue={query.user}
      />
      <Button type="submit" variant="secondary" className="self-end">
        Show
      </Button>
    </FilterForm>
  )
}
