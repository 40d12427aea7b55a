import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { preparedQuery } from '#db/prepared.ts'
import { sessions, users, type Session, type User } from '#db/schema/index.ts'
import { env, isProduction } from '#server/env.ts'

const DAY_MS = 24 * 60 * 60 * 1000
// last_seen_at is a hint for admins, not an audit record: write it at most this often.
const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000

/** The cookie carries only the signed session id; everything else lives in the row. */
export const sessionCookie = createCookie('__session', {
  httpOnly: true,
  sameSite: 'lax',
  secure: isProduction,
  path: '/',
  // The first signs; the others still verify, so rotating the secret signs nobody out.
  secrets: env.SESSION_SECRETS,
  maxAge: env.SESSION_TTL_DAYS * 24 * 60 * 60,
})

export async function createSession(
  db: DbOrTx,
  input: { userId: number; ip: string | null; userAgent: string | null },
): Promise<{ session: Session; setCookie: string }> {
  const [session] = await db
    .insert(sessions)
    .values({
      id: randomBytes(32).toString('base64url'),
      userId: input.userId,
      expiresAt: new Date(Date.now() + env.SESSION_TTL_DAYS * DAY_MS),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    })
    .returning()
  return { session: session!, setCookie: await sessionCookie.serialize(session!.id) }
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

const sessionWithUser = preparedQuery((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder('sessionId')), gt(sessions.expiresAt, sql`now()`)))
    .prepare('session_with_user'),
)

const touchSession = preparedQuery((db) =>
  db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .prepare('session_touch'),
)

/** The live session and its active user, or null (expired rows are ignored, and pruned at login). */
export async function findSessionUser(
  db: DbOrTx,
  sessionId: string,
): Promise<{ session: Session; user: User } | null> {
  const [row] = await sessionWithUser(db, { sessionId })
  if (!row || !row.user.isActive) return null
  if (Date.now() - row.session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await touchSession(db, { sessionId })
  }
  return row
}

export async function destroySession(db: DbOrTx, sessionId: string): Promise<string> {
  await db.delete(sessions).where(eq(sessions.id, sessionId))
  return sessionCookie.serialize('', { maxAge: 0 })
}

export async function deleteExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`))
}
