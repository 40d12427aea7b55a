import type { z } from 'zod'
import { AppError } from '#server/errors.ts'

/** Turns a zod failure into the field map every error response carries. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    // A bad array element is reported on its field ("type", not "type.0").
    const path = [...issue.path]
    while (path.length > 0 && typeof path.at(-1) === 'number') path.pop()
    const key = path.length > 0 ? path.join('.') : '_'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrorsOf(error)
  const summary = Object.entries(fields)
    .map(([field, messages]) => (field === '_' ? messages[0] : `${field}: ${messages[0]}`))
    .join('; ')
  return new AppError('VALIDATION_FAILED', `Invalid input. ${summary}`, { fields, cause: error })
}

/** Parses untrusted input with a schema; failures become a 400 naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw validationError(result.error)
  return result.data
}
