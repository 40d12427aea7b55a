import { parseAppError } from '#app/lib/app-error.ts'

/** A failed mutation as a form shows it (decoded by parseAppError). */
export type ServerFailure<F extends string> = {
  /** The server's words, or `offline` when it could not be reached. */
  message: string
  /** The first problem of each field the form shows in place. */
  fields: Partial<Record<F, string>>
  /** Problems with fields the form does not show, folded into one sentence. */
  otherFields: string
  /** No answer or a 5xx: the change may or may not have been made. */
  outcomeUnknown: boolean
  status: number | null
  details: Record<string, unknown> | undefined
}

/** Splits a failure's field errors into the form's own fields and the rest. */
export function serverFailure<F extends string>(
  error: unknown,
  fieldNames: readonly F[],
  offline: string,
): ServerFailure<F> {
  const parsed = parseAppError(error)
  const fields: Partial<Record<F, string>> = {}
  const others: string[] = []
  for (const [name, message] of Object.entries(parsed.fieldErrors ?? {})) {
    if ((fieldNames as readonly string[]).includes(name)) fields[name as F] = message
    else if (name !== '_') others.push(`${name}: ${message}`)
  }
  return {
    message: parsed.code === 'NETWORK' ? offline : parsed.message,
    fields,
    otherFields: others.join(' '),
    outcomeUnknown: parsed.outcomeUnknown,
    status: parsed.status,
    details: parsed.details,
  }
}
