import { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
import { listCreditTransactions } from '#server/services/credits/list-credit-transactions.ts'
import { ZTransactionsQuery } from '#server/services/credits/schemas.ts'
import { protectedProcedure, router } from '../init.ts'
import { topupProcedures } from './topup-checkout-procedures.ts'

export const customCreditsRouter = router({
  balance: protectedProcedure.query(({ ctx }) => getCreditBalance(ctx.db, ctx.user.id)),
  transactions: protectedProcedure
    .input(ZTransactionsQuery.prefault({}))
    .query(({ ctx, input }) => listCreditTransactions(ctx.readDb, ctx.user.id, input)),
  ...topupProcedures('custom_credits'),
})
