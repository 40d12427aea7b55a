import { useRef } from 'react'
import { newIdempotencyKey } from '#app/lib/idempotency-key.ts'

export type Attempt<T> = { value: T; key: string }

/**
 * The idempotency key for a submission: the previous key when the same submission is sent
 * again (its earlier outcome is unknown), a new one for anything else.
 */
export function attemptFor<T>(
  previous: Attempt<T> | null,
  value: T,
  same: (a: T, b: T) => boolean,
  newKey: () => string = newIdempotencyKey,
): Attempt<T> {
  return previous && same(previous.value, value) ? previous : { value, key: newKey() }
}

/**
 * Keeps one key per submission so a retry after a network error or a 5xx can never apply it
 * twice; `forget()` once the outcome is certain (success, or a refusal).
 */
export function useIdempotentAttempt<T>(same: (a: T, b: T) => boolean) {
  const attempt = useRef<Attempt<T> | null>(null)
  return {
    keyFor(value: T): string {
      attempt.current = attemptFor(attempt.current, value, same)
      return attempt.current.key
    },
    forget() {
      attempt.current = null
    },
  }
}
