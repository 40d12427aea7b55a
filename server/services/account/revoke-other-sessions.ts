import { and, eq, ne } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { sessions } from '#db/schema/index.ts'
import { recordAccountChange } from './record-account-change.ts'

/** Signs out every session of the user except this one; ending none records nothing. */
export async function revokeOtherSessions(
  db: Db,
  input: { userId: number; currentSessionId: string },
): Promise<{ ended: number }> {
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.currentSessionId)))
      .returning({ id: sessions.id })
    if (ended.length > 0) {
      await recordAccountChange(tx, {
        userId: input.userId,
        action: 'user.revoke_sessions',
        details: { sessions: ended.length },
      })
    }
    return { ended: ended.length }
  })
}
