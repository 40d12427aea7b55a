import type { ApiTokenScope } from '#db/schema/index.ts'
import { assertSameOrigin, isMutationMethod } from '#server/auth/origin.ts'
import { assertScope, authenticateRequest } from '#server/auth/request-auth.ts'
import { AppError } from '#server/errors.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'

/** REST routes: the caller, or 401. Cookie-authenticated mutations must be same-origin. */
/**
 * REST routes: the caller, or 401. Cookie-authenticated mutations must be same-origin;
 * API tokens need `read` for GET and `write` for anything that changes state.
 */
export async function requireApiUser(request: Request, scope?: ApiTokenScope): Promise<PublicUser> {
  const auth = await authenticateRequest(request)
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Please sign in.')
  if (auth.via === 'session') assertSameOrigin(request)
  assertScope(auth, scope ?? (isMutationMethod(request.method) ? 'write' : 'read'))
  return auth.user
}

export async function requireApiAdmin(request: Request): Promise<PublicUser> {
  const auth = await authenticateRequest(request)
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Please sign in.')
  if (auth.via === 'session') assertSameOrigin(request)
  if (auth.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Administrators only.')
  assertScope(auth, 'admin')
  return auth.user
}

export function methodNotAllowed(allowed: string[]): never {
  throw new AppError('VALIDATION_FAILED', `Method not allowed; use ${allowed.join(' or ')}.`)
}
