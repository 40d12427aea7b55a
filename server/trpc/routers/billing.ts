import { z } from 'zod'
import { listNotifications, markNotificationsRead } from '#server/services/notifications/notify.ts'
import { getBillingBalance } from '#server/services/billing/get-billing-balance.ts'
import { getDashboard } from '#server/services/billing/get-dashboard.ts'
import { listTransactions } from '#server/services/billing/list-transactions.ts'
import { ZTransactionListQuery } from '#server/services/billing/transaction-schemas.ts'
import { listTokenTransactions } from '#server/services/virtfusion/list-token-transactions.ts'
import { zBigId, zId, zInt } from '#server/lib/validation.ts'
import { protectedProcedure, router } from '../init.ts'
import { topupProcedures } from './topup-checkout-procedures.ts'

const tokensRouter = router({
  ...topupProcedures('virtfusion_tokens'),
  transactions: protectedProcedure
    .input(
      z
        .object({
          // token_transactions.id is a bigint.
          cursor: zBigId().optional(),
          limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(25),
        })
        .prefault({}),
    )
    .query(({ ctx, input }) => listTokenTransactions(ctx.readDb, ctx.user.id, input)),
})

const notificationsRouter = router({
  list: protectedProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),
  markRead: protectedProcedure
    .input(z.object({ ids: z.array(zId()).max(100).optional() }).prefault({}))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.user.id, input.ids)),
})

export const billingRouter = router({
  notifications: notificationsRouter,
  balance: protectedProcedure.query(({ ctx }) =>
    getBillingBalance(ctx.db, ctx.providers, ctx.user.id),
  ),
  tokens: tokensRouter,
  /** The customer's home page: both balances, the DNS plan's next renewal, recent activity. */
  dashboard: protectedProcedure.query(({ ctx }) =>
    getDashboard(ctx.db, ctx.providers, ctx.user.id),
  ),
  /** Both balances' history in one list (custom credits and VirtFusion tokens). */
  transactions: protectedProcedure
    .input(ZTransactionListQuery.prefault({}))
    .query(({ ctx, input }) => listTransactions(ctx.readDb, ctx.user.id, input)),
})
