import { z } from 'zod'
import { ZPassword } from '#server/auth/password.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zId, zInt, zText } from '#server/lib/validation.ts'

export const ZEmail = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'))

export const ZName = zText({ label: 'Name', min: 1, max: 100 })

/** Registration accepts exactly these fields; anything else posted is dropped. */
export const ZRegisterInput = z.object({ name: ZName, email: ZEmail, password: ZPassword })

export const ZLoginInput = z.object({
  email: ZEmail,
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(1024),
})

export const ZRole = z.enum(['user', 'admin'])
export const ZUserId = zId('User id must be a whole number from 1 to 2147483647')

export const ZListUsersInput = z.object({
  search: zText({ label: 'Search', max: 200 }).optional(),
  cursor: zId().nullish(),
  limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(25),
})

export const ZSetRoleInput = z.object({ userId: ZUserId, role: ZRole, reason: ZReason })
export const ZSetActiveInput = z.object({ userId: ZUserId, isActive: z.boolean(), reason: ZReason })
