import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isMutationMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase())
}

/**
 * CSRF defence for cookie-authenticated mutations (on top of SameSite=Lax): browsers send
 * Origin on every cross-site POST, so a present Origin must be ours. A request without
 * Origin is not a browser form or fetch and cannot ride a victim's cookie. Requests that
 * authenticate with a bearer token carry no ambient credentials and are exempt.
 */
export function isCrossOriginMutation(input: {
  method: string
  origin: string | null
  requestOrigin: string
  authorization: string | null
}): boolean {
  if (!isMutationMethod(input.method) || input.origin === null) return false
  if (input.authorization?.toLowerCase().startsWith('bearer ')) return false
  if (input.origin === input.requestOrigin) return false
  if (env.APP_URL && input.origin === new URL(env.APP_URL).origin) return false
  return true
}

export function assertSameOrigin(request: Request): void {
  const crossOrigin = isCrossOriginMutation({
    method: request.method,
    origin: request.headers.get('Origin'),
    requestOrigin: new URL(request.url).origin,
    authorization: request.headers.get('Authorization'),
  })
  if (crossOrigin) throw new AppError('CROSS_ORIGIN_REQUEST', 'Cross-origin request refused.')
}
