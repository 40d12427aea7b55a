import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { burnPasswordCheck, verifyPassword } from '#server/auth/password.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'

export type LoginResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: 'invalid' | 'inactive' }

/** Checks a password; the same answer and cost whether the email exists or not. */
export async function verifyLogin(
  db: DbOrTx,
  credentials: { email: string; password: string },
): Promise<LoginResult> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, credentials.email.toLowerCase()))
  if (!user) {
    await burnPasswordCheck(credentials.password)
    return { ok: false, reason: 'invalid' }
  }
  if (!(await verifyPassword(user.passwordHash, credentials.password)))
    return { ok: false, reason: 'invalid' }
  if (!user.isActive) return { ok: false, reason: 'inactive' }
  return { ok: true, user: toPublicUser(user) }
}
