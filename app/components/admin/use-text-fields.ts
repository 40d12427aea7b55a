import { useState } from 'react'

/** The keys of `Values` that hold text. */
type TextKey<Values> = { [K in keyof Values]: Values[K] extends string ? K : never }[keyof Values] &
  string

/** Messages by field name; `other` for the form's own. */
export type FormErrors = Partial<Record<string, string>>

/**
 * A form's values and errors, and `text(key)`: the props binding a text field to one value.
 * Typing in a field clears its error and the form's own.
 */
export function useTextFields<Values extends object>(initial: () => Values) {
  const [values, setValues] = useState<Values>(initial)
  const [errors, setErrors] = useState<FormErrors>({})
  function text(key: TextKey<Values>) {
    return {
      name: key,
      autoComplete: 'off',
      value: values[key] as string,
      errors: errors[key],
      onChange: (event: { target: { value: string } }) => {
        setValues((current) => ({ ...current, [key]: event.target.value }))
        setErrors((current) => ({ ...current, [key]: undefined, other: undefined }))
      },
    }
  }
  return { values, setValues, errors, setErrors, text }
}

/** For a field taking an identifier (hostname, address, slug) exactly as typed. */
export const VERBATIM = { autoCapitalize: 'none', spellCheck: false } as const
