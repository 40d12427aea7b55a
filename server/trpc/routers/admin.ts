import { z } from 'zod'
import { adminHealthRouter } from './admin-health.ts'
import { adminMailRouter } from './admin-mail.ts'
import { adminSettingsRouter } from './admin-settings.ts'
import { provisioningRouter } from './provisioning.ts'
import { listAuditLog } from '#server/services/audit/list-audit-log.ts'
import { ZListAuditLogInput } from '#server/services/audit/schemas.ts'
import {
  createPlan,
  deletePlan,
  listPlansForAdmin,
  reorderPlans,
  updatePlan,
} from '#server/services/dns-plans/admin-plans.ts'
import {
  cancelSubscriptionByAdmin,
  extendSubscriptionByAdmin,
  getAdminDnsOverview,
} from '#server/services/dns-plans/admin-subscriptions.ts'
import {
  ZAdminExtendInput,
  ZAdminSubscriptionAction,
  ZDeletePlanInput,
  ZPlanFields,
  ZReorderPlansInput,
  ZUpdatePlanInput,
} from '#server/services/dns-plans/schemas.ts'
import { searchAdmin, ZAdminSearchInput } from '#server/services/admin/search-admin.ts'
import { retryTopup } from '#server/services/payments/admin-topups.ts'
import {
  listTopupsForAdmin,
  ZAdminTopupsQuery,
} from '#server/services/payments/list-admin-topups.ts'
import { reportsRouter } from '#server/services/reports/reports-router.ts'
import { ZTopupId } from '#server/services/payments/schemas.ts'
import { ZReason } from '#server/services/credits/schemas.ts'
import {
  addTokensByAdmin,
  cancelTokenCreditByAdmin,
  getAdminVirtFusionOverview,
  linkUserByAdmin,
} from '#server/services/virtfusion/admin-tokens.ts'
import { ZAdminTokenGrantInput } from '#server/services/virtfusion/schemas.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { bulkAdjust, ZBulkAdjustInput } from '#server/services/credits/bulk-adjust.ts'
import { getAdminCreditOverview } from '#server/services/credits/get-admin-credit-overview.ts'
import { ZAdminAdjustmentInput, ZTransactionsQuery } from '#server/services/credits/schemas.ts'
import { getUser } from '#server/services/users/get-user.ts'
import { listUsers } from '#server/services/users/list-users.ts'
import {
  ZListUsersInput,
  ZSetActiveInput,
  ZSetRoleInput,
  ZUserId,
} from '#server/services/users/schemas.ts'
import { setUserActive } from '#server/services/users/set-user-active.ts'
import { setUserRole } from '#server/services/users/set-user-role.ts'
import { zBigId } from '#server/lib/validation.ts'
import { adminProcedure, router } from '../init.ts'

const usersRouter = router({
  list: adminProcedure
    .input(ZListUsersInput.prefault({}))
    .query(({ ctx, input }) => listUsers(ctx.db, input)),
  get: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .query(({ ctx, input }) => getUser(ctx.db, input.userId)),
  setRole: adminProcedure
    .input(ZSetRoleInput)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, { actorId: ctx.user.id, ...input })),
  setActive: adminProcedure
    .input(ZSetActiveInput)
    .mutation(({ ctx, input }) => setUserActive(ctx.db, { actorId: ctx.user.id, ...input })),
})

const customCreditsRouter = router({
  get: adminProcedure
    .input(z.object({ userId: ZUserId, history: ZTransactionsQuery.prefault({}) }))
    .query(({ ctx, input }) =>
      getAdminCreditOverview(ctx.db, input.userId, input.history, ctx.readDb),
    ),
  add: adminProcedure
    .input(ZAdminAdjustmentInput)
    .mutation(({ ctx, input }) =>
      adjustCreditsByAdmin(ctx.db, { ...input, direction: 'add', admin: ctx.user }),
    ),
  remove: adminProcedure
    .input(ZAdminAdjustmentInput)
    .mutation(({ ctx, input }) =>
      adjustCreditsByAdmin(ctx.db, { ...input, direction: 'remove', admin: ctx.user }),
    ),
  /** A CSV of adjustments: dryRun previews (writes nothing); otherwise applies, once per row. */
  bulkAdjust: adminProcedure
    .input(ZBulkAdjustInput)
    .mutation(({ ctx, input }) => bulkAdjust(ctx.db, { ...input, admin: ctx.user })),
})

const paymentsRouter = router({
  list: adminProcedure
    .input(ZAdminTopupsQuery.prefault({}))
    .query(({ ctx, input }) => listTopupsForAdmin(ctx.db, input)),
  retry: adminProcedure
    .input(z.object({ topupId: ZTopupId }))
    .mutation(({ ctx, input }) => retryTopup(ctx.db, ctx.providers, input.topupId)),
})

const virtfusionRouter = router({
  get: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .query(({ ctx, input }) =>
      getAdminVirtFusionOverview(ctx.db, ctx.providers, input.userId, ctx.readDb),
    ),
  link: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .mutation(({ ctx, input }) => linkUserByAdmin(ctx.db, ctx.providers, input.userId)),
  addTokens: adminProcedure
    .input(ZAdminTokenGrantInput)
    .mutation(({ ctx, input }) =>
      addTokensByAdmin(ctx.db, ctx.providers, { ...input, adminId: ctx.user.id }),
    ),
  cancelCredit: adminProcedure
    .input(
      z.object({
        userId: ZUserId,
        // token_transactions.id is a bigint.
        tokenTransactionId: zBigId(),
        reason: ZReason,
      }),
    )
    .mutation(({ ctx, input }) =>
      cancelTokenCreditByAdmin(ctx.db, ctx.providers, { ...input, adminId: ctx.user.id }),
    ),
})

const dnsPlansAdminRouter = router({
  list: adminProcedure.query(({ ctx }) => listPlansForAdmin(ctx.db)),
  create: adminProcedure
    .input(ZPlanFields)
    .mutation(({ ctx, input }) =>
      createPlan(ctx.db, input, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  update: adminProcedure
    .input(ZUpdatePlanInput)
    .mutation(({ ctx, input }) =>
      updatePlan(ctx.db, input, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  reorder: adminProcedure
    .input(ZReorderPlansInput)
    .mutation(({ ctx, input }) =>
      reorderPlans(ctx.db, input.planIds, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  delete: adminProcedure
    .input(ZDeletePlanInput)
    .mutation(({ ctx, input }) =>
      deletePlan(ctx.db, input.planId, { adminUserId: ctx.user.id, reason: input.reason }),
    ),
  subscription: adminProcedure
    .input(z.object({ userId: ZUserId }))
    .query(({ ctx, input }) => getAdminDnsOverview(ctx.db, input.userId)),
  cancelSubscription: adminProcedure
    .input(ZAdminSubscriptionAction)
    .mutation(({ ctx, input }) =>
      cancelSubscriptionByAdmin(ctx.db, { ...input, adminId: ctx.user.id }),
    ),
  extendSubscription: adminProcedure
    .input(ZAdminExtendInput)
    .mutation(({ ctx, input }) =>
      extendSubscriptionByAdmin(ctx.db, { ...input, adminId: ctx.user.id }),
    ),
})

const auditLogRouter = router({
  list: adminProcedure
    .input(ZListAuditLogInput.prefault({}))
    .query(({ ctx, input }) => listAuditLog(ctx.db, input)),
})

export const adminRouter = router({
  /** One search box for users, payments and ledger entries (/admin/search). */
  search: adminProcedure
    .input(ZAdminSearchInput)
    .query(({ ctx, input }) => searchAdmin(ctx.db, input)),
  health: adminHealthRouter,
  mail: adminMailRouter,
  settings: adminSettingsRouter,
  auditLog: auditLogRouter,
  dnsPlans: dnsPlansAdminRouter,
  users: usersRouter,
  customCredits: customCreditsRouter,
  payments: paymentsRouter,
  virtfusion: virtfusionRouter,
  reports: reportsRouter,
  provisioning: provisioningRouter,
})
