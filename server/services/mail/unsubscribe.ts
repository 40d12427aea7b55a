import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { env } from '#server/env.ts'
import { AppError } from '#server/errors.ts'
import { MAIL_CATEGORIES, type MailCategory } from './preferences/categories.ts'
import { setMailCategory } from './preferences/mail-preferences.ts'

/**
 * Signed one-click unsubscribe (RFC 8058) for the optional categories: the link names the
 * user and the category and carries an HMAC of both under SESSION_SECRET, so nobody can
 * unsubscribe someone else by changing the numbers. Any of SESSION_SECRETS verifies, so a
 * rotated secret does not break links in mail already sent.
 */
function signature(secret: string, userId: number, category: MailCategory): string {
  return createHmac('sha256', secret)
    .update(`mail-unsubscribe:${userId}:${category}`)
    .digest('base64url')
}

export const ZUnsubscribeInput = z.object({
  token: z.string().max(200, 'This unsubscribe link is not valid'),
})

export type UnsubscribeTarget = { userId: number; category: MailCategory }

/** `secret` is for tests that sign for an app process started with its own SESSION_SECRET. */
export function unsubscribeToken(target: UnsubscribeTarget, secret = env.SESSION_SECRET): string {
  return `${target.userId}.${target.category}.${signature(secret, target.userId, target.category)}`
}

/** The absolute link put in the List-Unsubscribe header and the message's footer. */
export function unsubscribeUrl(target: UnsubscribeTarget, origin: string): string {
  return `${origin}/unsubscribe/${unsubscribeToken(target)}`
}

/** The user and category a token names, or null when it is malformed or not ours. */
export function verifyUnsubscribeToken(token: string): UnsubscribeTarget | null {
  const match = /^([1-9]\d{0,9})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return null
  const userId = Number(match[1])
  const category = match[2] as MailCategory
  if (!MAIL_CATEGORIES.includes(category) || userId > 2_147_483_647) return null
  const given = Buffer.from(match[3]!)
  const valid = env.SESSION_SECRETS.some((secret) => {
    const expected = Buffer.from(signature(secret, userId, category))
    return expected.length === given.length && timingSafeEqual(expected, given)
  })
  return valid ? { userId, category } : null
}

export function requireUnsubscribeToken(token: string): UnsubscribeTarget {
  const target = verifyUnsubscribeToken(token)
  if (!target)
    throw new AppError(
      'FORBIDDEN',
      'This unsubscribe link is not valid. Change your mail preferences after signing in.',
    )
  return target
}

/** The one-click POST: turns the category off. Idempotent; a bad token changes nothing. */
export async function unsubscribe(db: Db, token: string): Promise<UnsubscribeTarget> {
  const target = requireUnsubscribeToken(token)
  await setMailCategory(db, { ...target, enabled: false })
  return target
}
