import { z } from 'zod'
import { zInt, zText } from '#server/lib/validation.ts'

const EXPIRY_DAYS = 'Enter a whole number of days from 1 to 3650, or leave it empty'

/**
 * The create form's fields as typed: an empty expiry means the token never expires.
 * Browser-safe (zod and validation.ts only): the page checks the form with it too.
 */
export const ZCreateApiTokenInput = z.object({
  name: zText({ label: 'Name', min: 1, max: 60 }),
  scope: z.enum(['read', 'write', 'admin'], { error: 'Choose a scope: read, write or admin' }),
  expiresInDays: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    zInt({ min: 1, max: 3650, message: EXPIRY_DAYS }).optional(),
  ),
})
