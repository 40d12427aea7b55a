import { Button } from '#app/components/ui/button.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { FAMILY_OPTIONS, STATE_OPTIONS, type EventsQuery } from './events-query.ts'

const SELECTS = [
  { label: 'Family', name: 'family', options: FAMILY_OPTIONS },
  { label: 'Delivery state', name: 'state', options: STATE_OPTIONS },
] as const

/**
 * Which events the log shows, as a GET form (works without JavaScript; a choice applies at
 * once with it). A new choice starts from the newest events.
 */
export function EventsFilters({ query }: { query: EventsQuery }) {
  return (
    <FilterForm
      key={`${query.family}|${query.state}`}
      label="Filter events"
      className="grid gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,14rem)_auto] sm:items-end"
      selects={SELECTS}
      values={query}
    >
      <noscript>
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </noscript>
    </FilterForm>
  )
}
