import type { z } from 'zod'

/** The first message of a zod failure: forms show one problem at a time. */
export function firstError(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Invalid value'
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

/** Runs one of the server's field schemas on what was typed. */
export function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: firstError(parsed.error) }
}
