import { randomUUID } from 'node:crypto'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { sessions, users } from '#db/schema/index.ts'
import { hashPassword } from '#server/auth/password.ts'
import { AppError } from '#server/errors.ts'
import { parseInput } from '#server/lib/validation.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { confirmCurrentPassword } from './confirm-current-password.ts'
import { recordAccountChange } from './record-account-change.ts'
import { ZChangePasswordInput } from './schemas.ts'

/**
 * Sets a new password after checking the current one, and signs out every other session
 * (whoever else holds one may be the reason for the change); this one stays signed in.
 */
export async function changePassword(
  db: Db,
  input: { userId: number; currentSessionId: string; fields: unknown },
): Promise<{ otherSessionsEnded: number }> {
  const { currentPassword, newPassword } = parseInput(ZChangePasswordInput, input.fields)
  const verifiedHash = await confirmCurrentPassword(db, {
    userId: input.userId,
    password: currentPassword,
  })
  const passwordHash = await hashPassword(newPassword)
  const result = await db.transaction(async (tx) => {
    // Only if the password checked is still the current one: of two concurrent changes made
    // with the same old password, the second is refused rather than silently winning.
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(and(eq(users.id, input.userId), eq(users.passwordHash, verifiedHash)))
      .returning({ id: users.id })
    if (!updated) {
      throw new AppError('CONFLICT', 'Your password was changed meanwhile. Please try again.', {
        fields: { currentPassword: ['Your password was changed meanwhile'] },
      })
    }
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.currentSessionId)))
      .returning({ id: sessions.id })
    await recordAccountChange(tx, {
      userId: input.userId,
      action: 'user.change_password',
      details: { otherSessionsEnded: ended.length },
    })
    // One message per change (the change itself is never replayed), none on a rollback.
    await enqueueMail(tx, {
      eventKey: `password-changed:${input.userId}:${randomUUID()}`,
      recipient: { userId: input.userId },
      template: 'password-changed',
      data: { otherSessionsEnded: ended.length },
    })
    return { otherSessionsEnded: ended.length }
  })
  await requestMailDelivery()
  return result
}
