import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

export async function getUser(db: DbOrTx, userId: number): Promise<PublicUser> {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) throw new AppError('NOT_FOUND', `User ${userId} not found.`)
  return toPublicUser(user)
}
