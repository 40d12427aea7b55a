import {
  cancelPlan,
  changePlan,
  previewChange,
  resumePlan,
} from '#server/services/dns-plans/change-plan.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { getMySubscription, getPlanLimits, listPlans } from '#server/services/dns-plans/queries.ts'
import {
  ZChangePlanInput,
  ZPreviewChangeInput,
  ZPurchasePlanInput,
} from '#server/services/dns-plans/schemas.ts'
import { protectedProcedure, publicProcedure, router } from '../init.ts'

export const dnsPlansRouter = router({
  list: publicProcedure.query(({ ctx }) => listPlans(ctx.db)),
  mySubscription: protectedProcedure.query(({ ctx }) => getMySubscription(ctx.db, ctx.user.id)),
  limits: protectedProcedure.query(({ ctx }) => getPlanLimits(ctx.db, ctx.user.id)),
  purchase: protectedProcedure
    .input(ZPurchasePlanInput)
    .mutation(({ ctx, input }) => purchasePlan(ctx.db, { userId: ctx.user.id, ...input })),
  previewChange: protectedProcedure
    .input(ZPreviewChangeInput)
    .query(({ ctx, input }) =>
      previewChange(ctx.db, { userId: ctx.user.id, planId: input.planId }),
    ),
  change: protectedProcedure
    .input(ZChangePlanInput)
    .mutation(({ ctx, input }) => changePlan(ctx.db, { userId: ctx.user.id, ...input })),
  cancel: protectedProcedure.mutation(({ ctx }) => cancelPlan(ctx.db, ctx.user.id)),
  resume: protectedProcedure.mutation(({ ctx }) => resumePlan(ctx.db, ctx.user.id)),
})
