/** What the tabs need from a failed mutation. */
export type ServerFailure<F extends string> = {
  /** The server's words, or `offline` when it could not be reached. */
  message: string
  /** One message per named field the form shows in place. */
  fields: Partial<Record<F, string>>
  /** Problems with fields the form does not show, folded into one sentence. */
  otherFields: string
  /** No answer or a 5xx: the change may or may not have been made. */
  outcomeUnknown: boolean
  status: number | null
  details: unknown
}

type TrpcLikeError = {
  message?: string
  data?: {
    httpStatus?: number
    fields?: Record<string, string[]> | null
    details?: unknown
  } | null
}

/** Decodes a tRPC client error for a form with the given fields. */
export function serverFailure<F extends string>(
  error: unknown,
  fieldNames: readonly F[],
  offline: string,
): ServerFailure<F> {
  const { message, data } = (error ?? {}) as TrpcLikeError
  const fields: Partial<Record<F, string>> = {}
  const others: string[] = []
  for (const [name, messages] of Object.entries(data?.fields ?? {})) {
    if ((fieldNames as readonly string[]).includes(name)) fields[name as F] = messages[0]
    else others.push(`${name}: ${messages.join(' ')}`)
  }
  const status = data?.httpStatus ?? null
  return {
    message: data ? (message ?? 'Something went wrong.') : offline,
    fields,
    otherFields: others.join(' '),
    outcomeUnknown: status === null || status >= 500,
    status,
    details: data?.details ?? null,
  }
}
