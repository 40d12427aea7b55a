import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

export async function setUserRole(
  db: Db,
  input: { actorId: number; userId: number; role: 'user' | 'admin' },
): Promise<PublicUser> {
  if (input.actorId === input.userId && input.role !== 'admin') {
    throw new AppError('CONFLICT', 'You cannot remove your own admin role.')
  }
  const [user] = await db
    .update(users)
    .set({ role: input.role, updatedAt: sql`now()` })
    .where(eq(users.id, input.userId))
    .returning()
  if (!user) throw new AppError('NOT_FOUND', `User ${input.userId} not found.`)
  return toPublicUser(user)
}
