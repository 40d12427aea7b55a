import { getBillingBalance } from '#server/services/billing/get-billing-balance.ts'
import { protectedProcedure, router } from '../init.ts'

export const billingRouter = router({
  balance: protectedProcedure.query(({ ctx }) => getBillingBalance(ctx.db, ctx.user.id)),
})
