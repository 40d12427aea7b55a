import { z } from 'zod'
import { AppError } from '#server/errors.ts'
import { zId } from '#server/lib/validation.ts'
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  ZCreateApiTokenInput,
} from '#server/services/api-tokens/api-tokens.ts'
import { protectedProcedure, router } from '../init.ts'

/** Token management needs a browser session: a token can never mint or widen tokens. */
const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.via !== 'session')
    throw new AppError('FORBIDDEN', 'API tokens are managed from the browser, not with a token.')
  return next()
})

export const accountRouter = router({
  apiTokens: router({
    list: sessionProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.user.id)),
    create: sessionProcedure
      .input(ZCreateApiTokenInput)
      .mutation(({ ctx, input }) => createApiToken(ctx.db, { user: ctx.user, ...input })),
    revoke: sessionProcedure
      .input(z.object({ tokenId: zId() }))
      .mutation(({ ctx, input }) =>
        revokeApiToken(ctx.db, { userId: ctx.user.id, tokenId: input.tokenId }),
      ),
  }),
})
