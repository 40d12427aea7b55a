import { useState } from 'react'
import type { Checked } from './validation.ts'

type Checks<F extends string> = { [K in F]: (text: string) => Checked<unknown> }
type Values<C> = { [K in keyof C]: C[K] extends (text: string) => Checked<infer T> ? T : never }

/**
 * Text fields checked as they are typed (with the server's schemas): a field's problem shows
 * once it was left or a submit was attempted; `validate()` returns the parsed values when
 * every field is valid.
 */
export function useCheckedFields<F extends string, C extends Checks<F>>(checks: C) {
  const names = Object.keys(checks) as F[]
  const blank = () => Object.fromEntries(names.map((name) => [name, ''])) as Record<F, string>
  const [values, setValues] = useState(blank)
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  const results = Object.fromEntries(
    names.map((name) => [name, checks[name](values[name])]),
  ) as Record<F, Checked<unknown>>
  const errors = Object.fromEntries(
    names.map((name) => {
      const result = results[name]
      return [name, (touched[name] || submitted) && !result.ok ? result.message : undefined]
    }),
  ) as Record<F, string | undefined>
  return {
    values,
    errors,
    /** The parsed value of one field, when it is valid (a live preview). */
    valid: <K extends F>(name: K) => {
      const result = results[name]
      return result.ok ? (result.value as Values<C>[K]) : null
    },
    set: (name: F, value: string) => setValues((current) => ({ ...current, [name]: value })),
    touch: (name: F) => setTouched((current) => ({ ...current, [name]: true })),
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
