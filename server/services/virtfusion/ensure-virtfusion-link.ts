import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'

/**
 * Makes sure the user has a VirtFusion account whose extRelationId is our user id, and
 * records its VirtFusion id. Safe to repeat: it looks the user up before creating one.
 */
export async function ensureVirtFusionLink(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<number> {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  if (!user) throw new AppError('NOT_FOUND', `User ${userId} not found.`)
  if (user.virtfusionUserId) return user.virtfusionUserId
  const existing = await providers.virtfusion.findUserByExtRelationId(userId)
  const linked =
    existing ??
    (await providers.virtfusion.createUser({
      name: user.name,
      email: user.email,
      extRelationId: userId,
    }))
  await db
    .update(users)
    .set({
      virtfusionUserId: linked.id,
      virtfusionLinkError: null,
      virtfusionNextLinkAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
  return linked.id
}
