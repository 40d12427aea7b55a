import { Form, useSubmit } from '@remix-run/react'
import { Button } from '#app/components/ui/button.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
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
  const submit = useSubmit()
  return (
    <Form
      method="get"
      key={`${query.family}|${query.state}`}
      aria-label="Filter events"
      className="grid gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,14rem)_auto] sm:items-end"
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
      <noscript>
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </noscript>
    </Form>
  )
}
