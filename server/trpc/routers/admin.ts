import { z } from 'zod'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
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
    .query(({ ctx, input }) => getAdminCreditOverview(ctx.db, input.userId, input.history)),
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
})

export const adminRouter = router({ users: usersRouter, customCredits: customCreditsRouter })
