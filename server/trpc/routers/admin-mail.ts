import { AppError } from '#server/errors.ts'
import { mailAttachmentLinks } from '#server/services/documents/mail-attachment-links.ts'
import { getMail, listMail } from '#server/services/mail/list-mail.ts'
import { mailDeliveryMode } from '#server/services/mail/mail-transport.ts'
import { retryFailedMail } from '#server/services/mail/retry-mail.ts'
import { ZMailId, ZMailListInput } from '#server/services/mail/schemas.ts'
import { adminProcedure, router } from '../init.ts'

/** The mail outbox for admins (/admin/mail): the local mailbox and failed deliveries. */
export const adminMailRouter = router({
  list: adminProcedure.input(ZMailListInput).query(async ({ ctx, input }) => ({
    ...(await listMail(ctx.db, input)),
    mode: mailDeliveryMode(),
  })),
  get: adminProcedure.input(ZMailId).query(async ({ ctx, input }) => {
    const row = await getMail(ctx.db, input.id)
    if (!row) throw new AppError('NOT_FOUND', `Message ${input.id} not found.`)
    const { data: _data, ...message } = row
    const attachments = await mailAttachmentLinks(ctx.db, row)
    return { message: { ...message, attachments }, mode: mailDeliveryMode() }
  }),
  /** Retry now: a failed message back to the deliver job (audited as mail.retry). */
  retry: adminProcedure
    .input(ZMailId)
    .mutation(({ ctx, input }) =>
      retryFailedMail(ctx.db, { mailId: input.id, adminUserId: ctx.user.id }),
    ),
})
