import { db } from '#db/client.ts'
import { ZEmail } from '#server/services/users/schemas.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { authenticator } from './authenticator.ts'
import { clearLoginFailures, reserveLoginAttempt } from './login-throttle.ts'
import { assertSameOrigin } from './origin.ts'
import { createSession, deleteExpiredSessions, destroySession, readSessionId } from './session.ts'

/**
 * The whole login exchange behind `POST /login`: origin check, throttle, password check,
 * then a fresh session row (any previous session id is discarded, so a planted cookie
 * cannot be fixed onto the new login).
 */
export async function logInWithForm(
  request: Request,
  clientIp: string,
): Promise<{ user: PublicUser; setCookie: string }> {
  assertSameOrigin(request)
  const form = await request.clone().formData()
  const rawEmail = form.get('email')
  const emailText = typeof rawEmail === 'string' ? rawEmail : ''
  const emailResult = ZEmail.safeParse(emailText)
  const throttleKey = emailResult.success ? emailResult.data : emailText.slice(0, 254)

  await reserveLoginAttempt(db, throttleKey, clientIp)
  const user = await authenticator.authenticate('form', request)
  await clearLoginFailures(db, throttleKey, clientIp)

  const previous = await readSessionId(request)
  if (previous) await destroySession(db, previous)
  // Expired rows are already ignored by every lookup; logins are a cheap moment to prune them.
  await deleteExpiredSessions(db)
  const { setCookie } = await createSession(db, {
    userId: user.id,
    ip: clientIp,
    userAgent: request.headers.get('User-Agent'),
  })
  return { user, setCookie }
}
