import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { sessions } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { parseInput } from '#server/lib/validation.ts'
import { recordAccountChange } from './record-account-change.ts'
import { ZRevokeSessionInput } from './schemas.ts'
import { sessionHandle } from './session-handle.ts'

/**
 * Signs out one of the user's other sessions, named by its handle. A handle that is not one
 * of this user's sessions is NOT_FOUND (whether or not it exists for someone else); this
 * session is ended with Log out instead.
 */
export async function revokeSession(
  db: Db,
  input: { userId: number; currentSessionId: string; fields: unknown },
): Promise<void> {
  const { session: handle } = parseInput(ZRevokeSessionInput, input.fields)
  if (handle === sessionHandle(input.currentSessionId)) {
    throw new AppError('CONFLICT', 'This is the session you are using; use Log out to end it.')
  }
  await db.transaction(async (tx) => {
    const own = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, input.userId))
    const target = own.find((row) => sessionHandle(row.id) === handle)
    if (!target) throw new AppError('NOT_FOUND', 'No such session: it may have ended already.')
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, target.id), eq(sessions.userId, input.userId)))
      .returning({ id: sessions.id })
    if (ended.length === 0)
      throw new AppError('NOT_FOUND', 'No such session: it may have ended already.')
    await recordAccountChange(tx, {
      userId: input.userId,
      action: 'user.revoke_sessions',
      details: { sessions: 1 },
    })
  })
}
