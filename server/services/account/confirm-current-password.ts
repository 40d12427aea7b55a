import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { rateLimitHits, users } from '#db/schema/index.ts'
import { verifyPassword } from '#server/auth/password.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { consumeRateLimits } from '#server/services/rate-limit/consume-rate-limit.ts'

// Per account, whatever the IP: whoever holds a stolen session could change address at will.
const reauthKey = (userId: number) => `reauth:${userId}`

/**
 * Re-authentication before a sensitive change. Like login (login-throttle.ts), an attempt is
 * reserved before the password is checked, so parallel guesses get at most
 * LOGIN_MAX_FAILURES checks per window; the right password clears the count. Returns the
 * hash that was verified, so the change can be made only if it is still the current one.
 */
export async function confirmCurrentPassword(
  db: Db,
  input: { userId: number; password: string },
): Promise<string> {
  await consumeRateLimits(
    db,
    [
      {
        key: reauthKey(input.userId),
        limit: env.LOGIN_MAX_FAILURES,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_MINUTES * 60,
      },
    ],
    `Too many wrong passwords. Please wait ${env.LOGIN_FAILURE_WINDOW_MINUTES} minutes and try again.`,
  )
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, input.userId))
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError('FORBIDDEN', 'Your current password is not correct.', {
      fields: { currentPassword: ['This is not your current password'] },
    })
  }
  await db.delete(rateLimitHits).where(eq(rateLimitHits.key, reauthKey(input.userId)))
  return user.passwordHash
}
