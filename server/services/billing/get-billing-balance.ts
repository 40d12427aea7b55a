import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { preparedQuery } from '#db/prepared.ts'
import { userCredits, users, virtfusionBalances } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { creditBalanceOf, type CreditBalance } from '#server/services/credits/get-credit-balance.ts'
import {
  getTokenBalance,
  type TokenBalance,
} from '#server/services/virtfusion/get-token-balance.ts'

export type BillingBalance = { customCredits: CreditBalance; virtfusionTokens: TokenBalance }

/**
 * Everything the balance needs from our database in one statement: the wallet, the
 * VirtFusion link and the last token reading. No user row reads as no wallet and no link.
 */
const balanceRow = preparedQuery((db) =>
  db
    .select({
      balanceCents: userCredits.balanceCents,
      virtfusionUserId: users.virtfusionUserId,
      cachedTokens: virtfusionBalances.tokens,
      cachedAt: virtfusionBalances.fetchedAt,
    })
    .from(users)
    .leftJoin(userCredits, eq(userCredits.userId, users.id))
    .leftJoin(virtfusionBalances, eq(virtfusionBalances.userId, users.id))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('billing_balance'),
)

/** Both balances in one answer. VirtFusion is asked only when its reading is not fresh. */
export async function getBillingBalance(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<BillingBalance> {
  const [row] = await balanceRow(db, { userId })
  const cached =
    row?.cachedTokens != null && row.cachedAt
      ? { tokens: row.cachedTokens, fetchedAt: row.cachedAt }
      : null
  const virtfusionTokens = await getTokenBalance(db, providers, userId, {
    virtfusionUserId: row?.virtfusionUserId ?? null,
    cached,
  })
  return { customCredits: creditBalanceOf(row?.balanceCents), virtfusionTokens }
}
