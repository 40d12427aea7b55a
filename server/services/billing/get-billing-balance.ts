import type { Db } from '#db/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import {
  getCreditBalance,
  type CreditBalance,
} from '#server/services/credits/get-credit-balance.ts'
import {
  getTokenBalance,
  type TokenBalance,
} from '#server/services/virtfusion/get-token-balance.ts'

export type BillingBalance = { customCredits: CreditBalance; virtfusionTokens: TokenBalance }

/** Both balances in one answer. */
export async function getBillingBalance(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<BillingBalance> {
  const [customCredits, virtfusionTokens] = await Promise.all([
    getCreditBalance(db, userId),
    getTokenBalance(db, providers, userId),
  ])
  return { customCredits, virtfusionTokens }
}
