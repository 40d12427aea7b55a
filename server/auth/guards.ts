import type { PublicUser } from '#server/services/users/public-user.ts'
import { errorResponse } from '#server/http/respond.ts'
import { AppError } from '#server/errors.ts'
import { assertSameOrigin } from './origin.ts'
import { authenticateRequest } from './request-auth.ts'

export async function getUser(request: Request): Promise<PublicUser | null> {
  try {
    const auth = await authenticateRequest(request)
    if (auth?.via === 'session') assertSameOrigin(request)
    return auth?.user ?? null
  } catch (error) {
    throw errorResponse(error)
  }
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  const params = new URLSearchParams({ redirectTo })
  return new Response(null, { status: 302, headers: { Location: `/login?${params.toString()}` } })
}

/** For loaders and actions: the signed-in, active user, or a redirect to /login. */
export async function requireUser(request: Request): Promise<PublicUser> {
  const user = await getUser(request)
  if (!user) throw loginRedirect(request)
  return user
}

/** For loaders and actions: an admin, a redirect to /login, or a 403. */
export async function requireAdmin(request: Request): Promise<PublicUser> {
  const user = await requireUser(request)
  if (user.role !== 'admin') {
    throw errorResponse(new AppError('FORBIDDEN', 'This area is for administrators only.'))
  }
  return user
}

export { safeRedirect } from './safe-redirect.ts'
