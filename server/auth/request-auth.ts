import { db } from '#db/client.ts'
import type { Session } from '#db/schema/index.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { toPublicUser } from '#server/services/users/public-user.ts'
import { findSessionUser, readSessionId } from './session.ts'

/**
 * Who is calling. One function feeds the tRPC context, the Remix guards and the REST
 * routes. `via` leaves room for API tokens (`Authorization: Bearer`) beside the cookie.
 * Callers that accept mutations apply the Origin check to cookie-authenticated ones.
 */
export type RequestAuth = { via: 'session'; user: PublicUser; session: Session }

export async function authenticateRequest(request: Request): Promise<RequestAuth | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  const found = await findSessionUser(db, sessionId)
  if (!found) return null
  return { via: 'session', user: toPublicUser(found.user), session: found.session }
}
