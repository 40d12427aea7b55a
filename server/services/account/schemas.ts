import { z } from 'zod'
import { ZPassword } from '#server/auth/password.ts'
import { ZEmail } from '#server/services/users/schemas.ts'

/** What was typed as the current password: only checked against the hash, never stored. */
export const ZCurrentPassword = z
  .string({ error: 'Enter your current password' })
  .min(1, 'Enter your current password')
  .max(1024, 'That is not your current password')

/** The new password follows the same rules as registration (ZPassword). */
export const ZChangePasswordInput = z.object({
  currentPassword: ZCurrentPassword,
  newPassword: ZPassword,
})
export type TChangePasswordInput = z.infer<typeof ZChangePasswordInput>

/** The new email is normalised (trimmed, lower case) exactly as at registration. */
export const ZChangeEmailInput = z.object({ currentPassword: ZCurrentPassword, email: ZEmail })
export type TChangeEmailInput = z.infer<typeof ZChangeEmailInput>

/** A session's public handle (see sessionHandle): never the session id, which is a credential. */
export const ZSessionHandle = z
  .string({ error: 'Choose a session' })
  .regex(/^[A-Za-z0-9_-]{22}$/, 'No such session')

export const ZRevokeSessionInput = z.object({ session: ZSessionHandle })
