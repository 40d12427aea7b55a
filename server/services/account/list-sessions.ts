import { and, desc, eq, gt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { sessions } from '#db/schema/index.ts'
import { describeUserAgent } from './describe-user-agent.ts'
import { sessionHandle } from './session-handle.ts'

export type SessionView = {
  handle: string
  createdAt: Date
  lastSeenAt: Date
  ip: string | null
  device: string
  userAgent: string | null
  current: boolean
}

/** The user's live sessions, this one first, then the most recently seen. */
export async function listSessions(
  db: DbOrTx,
  input: { userId: number; currentSessionId: string },
): Promise<SessionView[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, input.userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
  return rows
    .map((row) => ({
      handle: sessionHandle(row.id),
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      ip: row.ip,
      device: describeUserAgent(row.userAgent),
      userAgent: row.userAgent,
      current: row.id === input.currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current))
}
