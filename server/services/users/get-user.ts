import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { oncePerRequest } from '#server/http/request-scope.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

/**
 * One user, read at most once per incoming request: an admin user page's layout and its tab
 * (custom credits, VirtFusion) both need the user, in loaders that run side by side. Only
 * read-only views call it, so the shared row is never older than the request itself.
 */
export function getUser(db: DbOrTx, userId: number): Promise<PublicUser> {
  return oncePerRequest(`user\0${userId}`, async () => {
    const [user] = await db.select().from(users).where(eq(users.id, userId))
    if (!user) throw new AppError('NOT_FOUND', `User ${userId} not found.`)
    return toPublicUser(user)
  })
}
