import { z } from 'zod'
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

export const adminRouter = router({ users: usersRouter })
