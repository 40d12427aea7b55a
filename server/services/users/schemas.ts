import { z } from 'zod'
import { ZPassword } from '#server/auth/password.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zId, zInt, zText } from '#server/lib/validation.ts'
import { ZEmail, ZName, ZUserId } from './fields.ts'

export { ZEmail, ZName, ZUserId }

/** Registration accepts exactly these fields; anything else posted is dropped. */
export const ZRegisterInput = z.object({ name: ZName, email: ZEmail, password: ZPassword })

export const ZLoginInput = z.object({
  email: ZEmail,
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(1024),
})

export const ZRole = z.enum(['user', 'admin'])

export const ZListUsersInput = z.object({
  search: zText({ label: 'Search', max: 200 }).optional(),
  cursor: zId().nullish(),
  limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(25),
})

export const ZSetRoleInput = z.object({ userId: ZUserId, role: ZRole, reason: ZReason })
export const ZSetActiveInput = z.object({ userId: ZUserId, isActive: z.boolean(), reason: ZReason })
