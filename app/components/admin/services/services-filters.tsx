import { Button } from '#app/components/ui/button.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { FILTER_SELECTS, servicesParams, type ServicesQuery } from './services-query.ts'

/**
 * Which services the list shows, as a GET form (works without JavaScript): a select applies
 * at once, the user box on Enter or Show. A new choice starts from the newest services; the
 * form is keyed by the URL's filters so its controls show what the list shows.
 */
export function ServicesFilters({ query }: { query: ServicesQuery }) {
  const userBox = (
    <Field
      label="User"
      name="user"
      type="search"
      autoComplete="off"
      placeholder="Id, email or name"
      defaultValue={query.user}
    />
  )
  return (
    <FilterForm
      key={servicesParams(query).toString()}
      label="Filter services"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,12rem))_minmax(0,1fr)_auto] lg:items-end"
      selects={FILTER_SELECTS}
      values={query}
    >
      {userBox}
      <Button type="submit" variant="secondary" className="self-end">
        Show
      </Button>
    </FilterForm>
  )
}
