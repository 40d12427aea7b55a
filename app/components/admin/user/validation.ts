import type { z } from 'zod'
import { parseAppError } from '#app/lib/app-error.ts'

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

/** Runs one of the server's field schemas on what was typed; one problem at a time. */
export function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: parseAppError(parsed.error).message }
}
