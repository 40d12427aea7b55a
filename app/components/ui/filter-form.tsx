import { Form, useSubmit } from '@remix-run/react'
import type { ReactNode } from 'react'
import { SelectField } from '#app/components/ui/field.tsx'

export type FilterSelect<Name extends string> = {
  label: string
  name: Name
  options: ReadonlyArray<{ value: string; label: string }>
}

/**
 * A list's filters as a GET form (works without JavaScript): choosing in one of `selects`
 * submits it at once, without scrolling to the top. Key it by the URL's filters so the
 * controls show what the list shows; `children` follow the selects (a search, a button).
 */
export function FilterForm<Name extends string>({
  label,
  className,
  selects,
  values,
  children,
}: {
  /** The form's accessible name, e.g. "Filter events". */
  label: string
  className: string
  selects: ReadonlyArray<FilterSelect<Name>>
  values: Record<Name, string>
  children: ReactNode
}) {
  const submit = useSubmit()
  return (
    <Form
      method="get"
      aria-label={label}
      className={className}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement)
          submit(event.currentTarget, { preventScrollReset: true })
      }}
    >
      {selects.map((select) => (
        <SelectField
          key={select.name}
          label={select.label}
          name={select.name}
          defaultValue={values[select.name]}
        >
          {select.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      ))}
      {children}
    </Form>
  )
}
