import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { forgetCachedApiTokensOf } from '#server/services/api-tokens/api-tokens.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

/** A role change and its audit entry (who, when, why) commit together; a no-op records nothing. */
export async function setUserRole(
  db: Db,
  input: { actorId: number; userId: number; role: 'user' | 'admin'; reason: string },
): Promise<PublicUser> {
  if (input.actorId === input.userId && input.role !== 'admin') {
    throw new AppError('CONFLICT', 'You cannot remove your own admin role.')
  }
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role })
      .from(users)
      .where(eq(users.id, input.userId))
      .for('update')
    if (!before) throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
    const [user] = await tx
      .update(users)
      .set({ role: input.role, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId))
      .returning()
    if (before.role !== input.role) {
      await recordAdminAction(tx, {
        adminUserId: input.actorId,
        targetUserId: input.userId,
        action: 'user.set_role',
        subject: `user:${input.userId}`,
        reason: input.reason,
        details: { from: before.role, to: input.role },
      })
    }
    return toPublicUser(user!)
  })
  // API tokens carry the user's state: this process sees the change at once (others within
  // API_TOKEN_CACHE_SECONDS, ADR 030).
  forgetCachedApiTokensOf(input.userId)
  return updated
}
