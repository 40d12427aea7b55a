import { z } from 'zod'
import { zAmount } from '#server/lib/money-schema.ts'

/*
 * Browser-safe (no env, no server-only imports): the checkout's amount picker validates with
 * the same schema the server does, built from the bounds in its public env.
 */

/** What the browser may send to start a top-up: an amount within [minCents, maxCents], nothing else. */
export function createTopupInput(limits: { minCents: number; maxCents: number }) {
  return z.object({ amount: zAmount({ min: limits.minCents, max: limits.maxCents }) })
}
