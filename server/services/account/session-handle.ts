import { createHash } from 'node:crypto'

/**
 * How a session is named to its owner's browser. The id itself is the credential the cookie
 * carries, so pages never see other sessions' ids; a hash of it identifies the row instead.
 */
export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url').slice(0, 22)
}
