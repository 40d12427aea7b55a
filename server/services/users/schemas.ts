import { z } from 'zod'
import { ZPassword } from '#server/auth/password.ts'
import { ZReason } from '#server/lib/reason-schema.ts'

export const ZEmail = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'))

export const ZName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  // eslint-disable-next-line no-control-regex
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Name contains control characters')

/** Registration accepts exactly these fields; anything else posted is dropped. */
export const ZRegisterInput = z.object({ name: ZName, email: ZEmail, password: ZPassword })
export type TRegisterInput = z.infer<typeof ZRegisterInput>

export const ZLoginInput = z.object({
  email: ZEmail,
  password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(1024),
})

export const ZRole = z.enum(['user', 'admin'])
export const ZUserId = z.coerce
  .number({ error: 'User id must be a number' })
  .int()
  .positive()
  .max(2147483647)

export const ZListUsersInput = z.object({
  search: z.string().trim().max(200).optional(),
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(100).default(25),
})

export const ZSetRoleInput = z.object({ userId: ZUserId, role: ZRole, reason: ZReason })
export const ZSetActiveInput = z.object({ userId: ZUserId, isActive: z.boolean(), reason: ZReason })
