import { z } from 'zod'
import { AppError } from '#server/errors.ts'
import { zId } from '#server/lib/validation.ts'
import { changeEmail } from '#server/services/account/change-email.ts'
import { changePassword } from '#server/services/account/change-password.ts'
import { listSessions } from '#server/services/account/list-sessions.ts'
import { revokeOtherSessions } from '#server/services/account/revoke-other-sessions.ts'
import { revokeSession } from '#server/services/account/revoke-session.ts'
import {
  ZChangeEmailInput,
  ZChangePasswordInput,
  ZRevokeSessionInput,
} from '#server/services/account/schemas.ts'
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  ZCreateApiTokenInput,
} from '#server/services/api-tokens/api-tokens.ts'
import {
  getMailPreferences,
  updateMailPreferences,
  ZUpdateMailPreferencesInput,
} from '#server/services/mail/preferences/mail-preferences.ts'
import {
  requireUnsubscribeToken,
  unsubscribe,
  ZUnsubscribeInput,
} from '#server/services/mail/unsubscribe.ts'
import { protectedProcedure, publicProcedure, router } from '../init.ts'

/**
 * The account itself (password, email, sessions, API tokens) is managed from a browser
 * session: a token can never mint or widen tokens, nor take over the account.
 */
const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.via !== 'session')
    throw new AppError('FORBIDDEN', 'Your account is managed from the browser, not with a token.')
  return next({ ctx: { ...ctx, session: ctx.auth.session } })
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
  password: router({
    change: sessionProcedure.input(ZChangePasswordInput).mutation(({ ctx, input }) =>
      changePassword(ctx.db, {
        userId: ctx.user.id,
        currentSessionId: ctx.session.id,
        fields: input,
      }),
    ),
  }),
  email: router({
    change: sessionProcedure
      .input(ZChangeEmailInput)
      .mutation(({ ctx, input }) => changeEmail(ctx.db, { userId: ctx.user.id, fields: input })),
  }),
  sessions: router({
    list: sessionProcedure.query(({ ctx }) =>
      listSessions(ctx.db, { userId: ctx.user.id, currentSessionId: ctx.session.id }),
    ),
    revoke: sessionProcedure.input(ZRevokeSessionInput).mutation(({ ctx, input }) =>
      revokeSession(ctx.db, {
        userId: ctx.user.id,
        currentSessionId: ctx.session.id,
        fields: input,
      }),
    ),
    revokeOthers: sessionProcedure.mutation(({ ctx }) =>
      revokeOtherSessions(ctx.db, { userId: ctx.user.id, currentSessionId: ctx.session.id }),
    ),
  }),
  mail: router({
    preferences: sessionProcedure.query(({ ctx }) => getMailPreferences(ctx.db, ctx.user.id)),
    updatePreferences: sessionProcedure
      .input(ZUpdateMailPreferencesInput)
      .mutation(({ ctx, input }) =>
        updateMailPreferences(ctx.db, { userId: ctx.user.id, preferences: input }),
      ),
    // The signed link from an email: no session, the signature is the authority (ADR 026).
    unsubscribeTarget: publicProcedure
      .input(ZUnsubscribeInput)
      .query(({ input }) => requireUnsubscribeToken(input.token)),
    unsubscribe: publicProcedure
      .input(ZUnsubscribeInput)
      .mutation(({ ctx, input }) => unsubscribe(ctx.db, input.token)),
  }),
})
