/** Keys whose values never reach a log line, at any depth (headers in their lowercase form). */
const SECRET_KEYS = new Set([
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'authorization',
  'cookie',
  'set-cookie',
  'secret',
  'clientSecret',
  'payer',
  'email_address',
])

export const REDACTED = '[redacted]'

/** Deeper than any log line we write; also ends a cycle. */
const MAX_DEPTH = 8

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/**
 * `value` with every secret key's value replaced by "[redacted]", in plain objects and arrays
 * at any depth. Copy on write: the caller's objects are never changed, and a value with
 * nothing to redact comes back as is, without allocating (a log line per request must not
 * cost a copy of itself). Other objects (errors, dates, buffers) are left to pino's
 * serializers.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const redacted = redactSecrets(item, depth + 1)
      if (redacted !== item) (copy ??= value.slice())[i] = redacted
    }
    return (copy ?? value) as T
  }
  if (!isPlainObject(value)) return value
  let copy: Record<string, unknown> | null = null
  for (const key in value) {
    const field = value[key]
    const redacted =
      SECRET_KEYS.has(key) && field !== undefined && field !== null
        ? REDACTED
        : redactSecrets(field, depth + 1)
    if (redacted !== field) (copy ??= { ...value })[key] = redacted
  }
  return (copy ?? value) as T
}
