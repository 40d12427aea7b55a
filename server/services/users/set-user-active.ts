import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { sessions, users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { forgetCachedApiTokensOf } from '#server/services/api-tokens/api-tokens.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

/**
 * Deactivating a user ends every session they have; the change and its audit entry (who,
 * when, why) commit in the same transaction. A no-op records nothing.
 */
export async function setUserActive(
  db: Db,
  input: { actorId: number; userId: number; isActive: boolean; reason: string },
): Promise<PublicUser> {
  if (input.actorId === input.userId && !input.isActive) {
    throw new AppError('CONFLICT', 'You cannot deactivate your own account.')
  }
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ isActive: users.isActive })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update')
    if (!before) throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
    const [user] = await tx
      .update(users)
      .set({ isActive: input.isActive, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId))
      .returning()
    if (!input.isActive) await tx.delete(sessions).where(eq(sessions.userId, input.userId))
    if (before.isActive !== input.isActive) {
      await recordAdminAction(tx, {
        adminUserId: input.actorId,
        targetUserId: input.userId,
        action: 'user.set_active',
        subject: `user:${input.userId}`,
        reason: input.reason,
        details: { from: before.isActive, to: input.isActive },
      })
    }
    return toPublicUser(user!)
  })
  // API tokens carry the user's state: this process sees the change at once (others within
  // API_TOKEN_CACHE_SECONDS, ADR 030).
  forgetCachedApiTokensOf(input.userId)
  return updated
}
