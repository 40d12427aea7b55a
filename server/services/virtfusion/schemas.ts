import { z } from 'zod'
import { ZReason } from '#server/lib/reason-schema.ts'
import { ZIdempotencyKey } from '#server/lib/validation.ts'
import { ZUserId } from '#server/services/users/fields.ts'

// Browser-safe (no env, no server-only imports): the admin VirtFusion tab validates with these.

export const ADMIN_GRANT_MAX_TOKENS = 1_000_000

const TOKENS_RANGE = `Tokens must be between 1 and ${ADMIN_GRANT_MAX_TOKENS.toLocaleString('en-US')}`

/** The number of tokens an admin grants: a JSON number (a form converts its digits first). */
export const ZGrantTokens = z
  .number({ error: 'Tokens must be a whole number' })
  .int('Tokens must be a whole number')
  .min(1, TOKENS_RANGE)
  .max(ADMIN_GRANT_MAX_TOKENS, TOKENS_RANGE)

/** An admin token grant: the REST body (the user comes from the path). */
export const ZAdminTokenGrantBody = z.object({
  tokens: ZGrantTokens,
  reason: ZReason,
  idempotencyKey: ZIdempotencyKey.optional(),
})

export const ZAdminTokenGrantInput = ZAdminTokenGrantBody.extend({ userId: ZUserId })
export type TAdminTokenGrantInput = z.output<typeof ZAdminTokenGrantInput>
