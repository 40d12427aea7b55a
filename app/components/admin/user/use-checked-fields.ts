import { useState, type ChangeEvent } from 'react'
import type { Checked } from './validation.ts'

type Checks = Record<string, (text: string) => Checked<unknown>>
type Values<C extends Checks> = {
  [K in keyof C]: C[K] extends (text: string) => Checked<infer T> ? T : never
}

/** What the server said about a form: one message per field it shows, and the rest (`other`). */
export function useServerErrors<F extends string>() {
  const [errors, setErrors] = useState<Partial<Record<F | 'other', string>>>({})
  return {
    errors,
    set: setErrors,
    /** A field was edited: its server message no longer applies. */
    clear: (field: F) => setErrors((current) => ({ ...current, [field]: undefined })),
  }
}

export type ServerErrors<F extends string> = ReturnType<typeof useServerErrors<F>>

/**
 * Text fields checked as they are typed (with the server's schemas): a field's problem shows
 * once it was left or a submit was attempted, else what the server said about it;
 * `validate()` returns the parsed values when every field is valid.
 */
export function useCheckedFields<C extends Checks>(checks: C) {
  type F = keyof C & string
  const names = Object.keys(checks) as F[]
  const blank = () => Object.fromEntries(names.map((name) => [name, ''])) as Record<F, string>
  const [values, setValues] = useState(blank)
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  const results = Object.fromEntries(
    names.map((name) => [name, checks[name]!(values[name])]),
  ) as Record<F, Checked<unknown>>
  const shown = (name: F) => {
    const result = results[name]
    return (touched[name] || submitted) && !result.ok ? result.message : undefined
  }
  return {
    /** The parsed value of one field, when it is valid (a live preview). */
    valid: <K extends F>(name: K) => {
      const result = results[name]
      return result.ok ? (result.value as Values<C>[K]) : null
    },
    /** Props for the field's input: value, change, blur and its one error. */
    bind: (name: F, server?: ServerErrors<F>) => ({
      name,
      value: values[name],
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const value = event.target.value
        setValues((current) => ({ ...current, [name]: value }))
        server?.clear(name)
      },
      onBlur: () => setTouched((current) => ({ ...current, [name]: true })),
      errors: shown(name) ?? server?.errors[name],
    }),
    validate: (): Values<C> | null => {
      setSubmitted(true)
      if (!names.every((name) => results[name].ok)) return null
      return Object.fromEntries(
        names.map((name) => [name, (results[name] as { value: unknown }).value]),
      ) as Values<C>
    },
    reset: () => {
      setValues(blank())
      setTouched({})
      setSubmitted(false)
    },
  }
}
