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

/**
 * The app's public origin, for links other systems send people back to (PayPal's return
 * URL): APP_URL's when set, since behind a proxy the request may name an internal host;
 * else the request's own origin. Never a URL taken from the request's body or Origin header.
 */
export function publicOrigin(request: Request | null): string {
  if (env.APP_URL) return new URL(env.APP_URL).origin
  if (!request) throw new AppError('INTERNAL', 'The public URL is unknown; set APP_URL.')
  return new URL(request.url).origin
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
