import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { listCreditTransactions } from '#server/services/credits/list-credit-transactions.ts'
import { ZTransactionsQuery } from '#server/services/credits/schemas.ts'
import { ZCaptureTopupInput, ZCreateTopupInput } from '#server/services/payments/schemas.ts'
import { finishTopup, startTopup } from '#server/services/payments/topup-procedures.ts'
import { protectedProcedure, router } from '../init.ts'

export const customCreditsRouter = router({
  balance: protectedProcedure.query(({ ctx }) => getCreditBalance(ctx.db, ctx.user.id)),
  transactions: protectedProcedure
    .input(ZTransactionsQuery.prefault({}))
    .query(({ ctx, input }) => listCreditTransactions(ctx.db, ctx.user.id, input)),
  createOrder: protectedProcedure
    .input(ZCreateTopupInput)
    .mutation(({ ctx, input }) =>
      startTopup(
        ctx.db,
        ctx.providers,
        { userId: ctx.user.id, ip: ctx.clientIp },
        { purpose: 'custom_credits', amountCents: input.amount },
      ),
    ),
  captureOrder: protectedProcedure
    .input(ZCaptureTopupInput)
    .mutation(({ ctx, input }) =>
      finishTopup(
        ctx.db,
        ctx.providers,
        { userId: ctx.user.id, ip: ctx.clientIp },
        { purpose: 'custom_credits', orderId: input.orderId },
      ),
    ),
})
