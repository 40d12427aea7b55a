import { randomUUID } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { parseInput } from '#server/lib/validation.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { confirmCurrentPassword } from './confirm-current-password.ts'
import { recordAccountChange } from './record-account-change.ts'
import { ZChangeEmailInput } from './schemas.ts'

const TAKEN = 'An account with this email already exists'

/**
 * Changes the sign-in email after checking the current password. The email is normalised as
 * at registration; the database's case-insensitive unique index decides who has it. The same
 * email again changes (and records) nothing.
 */
export async function changeEmail(
  db: Db,
  input: { userId: number; fields: unknown },
): Promise<{ email: string; changed: boolean }> {
  const { currentPassword, email } = parseInput(ZChangeEmailInput, input.fields)
  const verifiedHash = await confirmCurrentPassword(db, {
    userId: input.userId,
    password: currentPassword,
  })
  try {
    const result = await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ email: users.email, passwordHash: users.passwordHash, name: users.name })
        .from(users)
        .where(eq(users.id, input.userId))
        .for('update')
      if (!before) throw new AppError('NOT_FOUND', 'No such account.')
      if (before.passwordHash !== verifiedHash) {
        throw new AppError('CONFLICT', 'Your password was changed meanwhile. Please try again.', {
          fields: { currentPassword: ['Your password was changed meanwhile'] },
        })
      }
      if (before.email === email) return { email, changed: false }
      await tx
        .update(users)
        .set({ email, updatedAt: sql`now()` })
        .where(eq(users.id, input.userId))
      await recordAccountChange(tx, {
        userId: input.userId,
        action: 'user.change_email',
        details: { from: before.email, to: email },
      })
      // To the new address (read from the row just updated) and to the old one, whose owner
      // is the one to warn if this was not them.
      const eventKey = `email-changed:${input.userId}:${randomUUID()}`
      const data = { from: before.email, to: email }
      await enqueueMail(tx, {
        eventKey,
        recipient: { userId: input.userId },
        template: 'email-changed',
        data: { ...data, sentTo: 'new' },
      })
      await enqueueMail(tx, {
        eventKey,
        recipient: { to: before.email, name: before.name },
        template: 'email-changed',
        data: { ...data, sentTo: 'old' },
      })
      return { email, changed: true }
    })
    if (result.changed) await requestMailDelivery()
    return result
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_lower_key'))
      throw new AppError('ALREADY_EXISTS', `${TAKEN}.`, { fields: { email: [TAKEN] } })
    throw error
  }
}
