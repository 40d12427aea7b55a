import { db } from '#db/client.ts'
import type { ApiTokenScope, Session } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { oncePerRequest } from '#server/http/request-scope.ts'
import { metrics } from '#server/lib/metrics.ts'
import { authenticateApiToken, scopeAllows } from '#server/services/api-tokens/api-tokens.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { toPublicUser } from '#server/services/users/public-user.ts'
import { findSessionUser, readSessionId } from './session.ts'

/**
 * Who is calling: a browser session (cookie) or a script (`Authorization: Bearer <token>`).
 * One function feeds the tRPC context, the Remix guards and the REST routes. Callers that
 * accept mutations apply the Origin check to cookie-authenticated ones only.
 */
export type RequestAuth =
  | { via: 'session'; user: PublicUser; session: Session }
  | { via: 'token'; user: PublicUser; token: { id: number; scope: ApiTokenScope } }

/**
 * A bearer token that is present but wrong is an error, never a fall-back to the cookie.
 * Resolved once per incoming HTTP request (root, layouts, the page's loader and the tRPC
 * context all ask): the credentials a request carries cannot change while it runs.
 */
export function authenticateRequest(request: Request): Promise<RequestAuth | null> {
  const authorization = request.headers.get('Authorization')
  const cookie = request.headers.get('Cookie')
  return oncePerRequest(`auth\0${authorization ?? ''}\0${cookie ?? ''}`, () =>
    resolveCredentials(authorization, request),
  )
}

async function resolveCredentials(
  authorization: string | null,
  request: Request,
): Promise<RequestAuth | null> {
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim())
    if (!match) throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <API token>".')
    metrics.authLookups.inc({ via: 'token' })
    const { user, token } = await authenticateApiToken(db, match[1]!)
    return { via: 'token', user: toPublicUser(user), token }
  }
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  metrics.authLookups.inc({ via: 'session' })
  const found = await findSessionUser(db, sessionId)
  if (!found) return null
  return { via: 'session', user: toPublicUser(found.user), session: found.session }
}

/** What the caller may do: sessions may do anything their role allows; tokens up to their scope. */
export function allowsScope(auth: RequestAuth, needed: ApiTokenScope): boolean {
  return auth.via === 'session' || scopeAllows(auth.token.scope, needed)
}

export function assertScope(auth: RequestAuth, needed: ApiTokenScope): void {
  if (!allowsScope(auth, needed)) {
    throw new AppError(
      'FORBIDDEN',
      `This API token's scope does not allow this; it needs "${needed}".`,
    )
  }
}
