import { z } from 'zod'
import { zAmount } from '#server/lib/money-schema.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { ZIdempotencyKey } from '#server/lib/validation.ts'

/*
 * Browser-safe (no env, no server-only imports): the admin credits form validates with the
 * same schema the server does, built from the bounds in its public env.
 */

/** An admin credit adjustment's body, amounts within [minCents, maxCents]. */
export function adminAdjustmentBody(limits: { minCents: number; maxCents: number }) {
  return z.object({
    amount: zAmount({ min: limits.minCents, max: limits.maxCents }),
    reason: ZReason,
    idempotencyKey: ZIdempotencyKey.optional(),
  })
}
