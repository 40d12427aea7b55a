import { assertSameOrigin } from '#server/auth/origin.ts'
import { authenticateRequest } from '#server/auth/request-auth.ts'
import { AppError } from '#server/errors.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'

/** REST routes: the caller, or 401. Cookie-authenticated mutations must be same-origin. */
export async function requireApiUser(request: Request): Promise<PublicUser> {
  const auth = await authenticateRequest(request)
  if (!auth) throw new AppError('UNAUTHENTICATED', 'Please sign in.')
  if (auth.via === 'session') assertSameOrigin(request)
  return auth.user
}

export async function requireApiAdmin(request: Request): Promise<PublicUser> {
  const user = await requireApiUser(request)
  if (user.role !== 'admin') throw new AppError('FORBIDDEN', 'Administrators only.')
  return user
}

export function methodNotAllowed(allowed: string[]): never {
  throw new AppError('VALIDATION_FAILED', `Method not allowed; use ${allowed.join(' or ')}.`)
}
