import type { Tx } from '#db/client.ts'
import type { CreditEntryType, CreditTransaction } from '#db/schema/index.ts'
import { postCreditEntry } from './post-credit-entry.ts'

type SpendType = Extract<
  CreditEntryType,
  'service_purchase' | 'service_setup_fee' | 'service_renewal' | 'service_upgrade'
>

/**
 * A user pays for something from custom credits, inside the caller's transaction (so the
 * thing bought and the charge commit or roll back together). Never goes below zero:
 * fails with INSUFFICIENT_CREDITS and the shortfall.
 */
export function spendCredits(
  tx: Tx,
  input: {
    userId: number
    type: SpendType
    amountCents: number
    description: string
    idempotencyKey?: string | null
    metadata?: Record<string, unknown>
  },
): Promise<CreditTransaction> {
  return postCreditEntry(tx, {
    ...input,
    amountCents: -input.amountCents,
    paymentMethod: 'custom_credits',
    allowNegative: false,
  })
}
