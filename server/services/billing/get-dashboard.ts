import type { Db } from '#db/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { getMySubscription } from '#server/services/dns-plans/queries.ts'
import { renewalOutlook, type RenewalOutlook } from '#server/services/dns-plans/renewal-outlook.ts'
import type { SubscriptionView } from '#server/services/dns-plans/views.ts'
import { getBillingBalance, type BillingBalance } from './get-billing-balance.ts'
import { queryTransactions, type TransactionView } from './list-transactions.ts'

export type Dashboard = {
  balance: BillingBalance
  dns: { subscription: SubscriptionView | null; renewal: RenewalOutlook | null }
  /** The latest entries of both balances, newest first. */
  recent: TransactionView[]
}

const RECENT = 5

/** Everything the customer's home page shows, in one answer. */
export async function getDashboard(
  db: Db,
  providers: Providers,
  userId: number,
): Promise<Dashboard> {
  const [balance, subscription, recent] = await Promise.all([
    getBillingBalance(db, providers, userId),
    getMySubscription(db, userId),
    queryTransactions(db, userId, { balance: 'all' }, { limit: RECENT }),
  ])
  return {
    balance,
    dns: {
      subscription,
      renewal: renewalOutlook(subscription, balance.customCredits.balance.cents),
    },
    recent: recent.items,
  }
}
