import { z } from 'zod'
import { zId, zText } from '#server/lib/validation.ts'

/*
 * User fields with no server-only imports (users/schemas.ts pulls in the password hasher),
 * so other domains' schemas and the browser can use them.
 */

export const ZUserId = zId('User id must be a whole number from 1 to 2147483647')

export const ZEmail = z
  .string({ error: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'))

export const ZName = zText({ label: 'Name', min: 1, max: 100 })
