import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { db } from '#db/client.ts'
import { AppError } from '#server/errors.ts'
import { parseInput } from '#server/lib/validation.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { ZLoginInput } from '#server/services/users/schemas.ts'
import { verifyLogin } from '#server/services/users/verify-login.ts'

/** remix-auth only authenticates; sessions are rows we create ourselves (ADR 004). */
export const authenticator = new Authenticator<PublicUser>()

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const credentials = parseInput(ZLoginInput, {
      email: form.get('email') ?? undefined,
      password: form.get('password') ?? undefined,
    })
    const result = await verifyLogin(db, credentials)
    if (!result.ok) {
      throw result.reason === 'inactive'
        ? new AppError('ACCOUNT_INACTIVE', 'This account is deactivated.')
        : new AppError('UNAUTHENTICATED', 'Invalid email or password.')
    }
    return result.user
  }),
  'form',
)
