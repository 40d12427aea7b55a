import type { DbOrTx } from '#db/client.ts'
import {
  getCreditBalance,
  type CreditBalance,
} from '#server/services/credits/get-credit-balance.ts'

export type TokenBalance = { status: 'unavailable'; message: string }

export type BillingBalance = { customCredits: CreditBalance; virtfusionTokens: TokenBalance }

/**
 * Both balances in one answer. The VirtFusion side is not connected yet: it says so
 * instead of inventing a number.
 */
export async function getBillingBalance(db: DbOrTx, userId: number): Promise<BillingBalance> {
  return {
    customCredits: await getCreditBalance(db, userId),
    virtfusionTokens: {
      status: 'unavailable',
      message: 'The VirtFusion token balance is not available yet.',
    },
  }
}
