import { z } from 'zod'
import { ZIdempotencyKey, ZReason } from '#server/services/credits/schemas.ts'
import { ZUserId } from '#server/services/users/schemas.ts'

export const ADMIN_GRANT_MAX_TOKENS = 1_000_000

/** An admin token grant: the REST body (the user comes from the path). */
export const ZAdminTokenGrantBody = z.object({
  tokens: z
    .number({ error: 'Tokens must be a whole number' })
    .int('Tokens must be a whole number')
    .min(1, `Tokens must be between 1 and ${ADMIN_GRANT_MAX_TOKENS.toLocaleString('en-US')}`)
    .max(
      ADMIN_GRANT_MAX_TOKENS,
      `Tokens must be between 1 and ${ADMIN_GRANT_MAX_TOKENS.toLocaleString('en-US')}`,
    ),
  reason: ZReason,
  idempotencyKey: ZIdempotencyKey.optional(),
})

export const ZAdminTokenGrantInput = ZAdminTokenGrantBody.extend({ userId: ZUserId })
export type TAdminTokenGrantInput = z.output<typeof ZAdminTokenGrantInput>
