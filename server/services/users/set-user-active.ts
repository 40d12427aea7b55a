import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { sessions, users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

/** Deactivating a user ends every session they have, in the same transaction. */
export async function setUserActive(
  db: Db,
  input: { actorId: number; userId: number; isActive: boolean },
): Promise<PublicUser> {
  if (input.actorId === input.userId && !input.isActive) {
    throw new AppError('CONFLICT', 'You cannot deactivate your own account.')
  }
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ isActive: input.isActive, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId))
      .returning()
    if (!user) throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
    if (!input.isActive) await tx.delete(sessions).where(eq(sessions.userId, input.userId))
    return toPublicUser(user)
  })
}
