import type { DbOrTx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { users } from '#db/schema/index.ts'
import { hashPassword } from '#server/auth/password.ts'
import { AppError } from '#server/errors.ts'
import { parseInput } from '#server/lib/validation.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'
import { ZRegisterInput, type ZRole } from './schemas.ts'
import type { z } from 'zod'

/**
 * Creates an account. Only name, email and password come from the caller; the role is a
 * separate, explicit argument that only operator tooling passes.
 */
export async function createUser(
  db: DbOrTx,
  input: unknown,
  options: { role?: z.infer<typeof ZRole> } = {},
): Promise<PublicUser> {
  const { name, email, password } = parseInput(ZRegisterInput, input)
  const passwordHash = await hashPassword(password)
  try {
    const [user] = await db
      .insert(users)
      .values({ name, email, passwordHash, role: options.role ?? 'user' })
      .returning()
    return toPublicUser(user!)
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_lower_key')) {
      throw new AppError('ALREADY_EXISTS', 'An account with this email already exists.', {
        fields: { email: ['An account with this email already exists'] },
      })
    }
    throw error
  }
}
