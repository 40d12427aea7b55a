import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import { rateLimitHits } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { consumeRateLimits } from '#server/services/rate-limit/consume-rate-limit.ts'

// Hashed: whatever was typed as the email (even a NUL) makes a valid, bounded key.
const loginKey = (email: string, ip: string) =>
  `login:${ip}:${createHash('sha256').update(email).digest('base64url')}`

/**
 * Reserves one sign-in attempt for this email from this IP before the password is checked,
 * or refuses with RATE_LIMITED. Counting and recording are one locked step, so a burst of
 * parallel guesses gets at most LOGIN_MAX_FAILURES evaluated. A reservation that is not
 * cleared by a right password stays as the record of a failure.
 */
export function reserveLoginAttempt(db: Db, email: string, ip: string): Promise<void> {
  return consumeRateLimits(
    db,
    [
      {
        key: loginKey(email, ip),
        limit: env.LOGIN_MAX_FAILURES,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_MINUTES * 60,
      },
    ],
    `Too many failed sign-in attempts. Please wait ${env.LOGIN_FAILURE_WINDOW_MINUTES} minutes and try again.`,
  )
}

/** The right password: earlier failures (and this attempt's reservation) no longer count. */
export async function clearLoginFailures(db: DbOrTx, email: string, ip: string): Promise<void> {
  await db.delete(rateLimitHits).where(eq(rateLimitHits.key, loginKey(email, ip)))
}
