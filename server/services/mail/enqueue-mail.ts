import { eq } from 'drizzle-orm'
import type { Tx } from '#db/client.ts'
import { mailOutbox, users } from '#db/schema/index.ts'
import { logError } from '#server/lib/log.ts'
import { renderMail, type RenderedMail } from './render-mail.ts'
import type { MailTemplate, MailTemplates } from './templates/index.ts'

export type MailRecipient = { userId: number } | { to: string; name: string }

export type EnqueueMailInput<T extends MailTemplate> = {
  /** What caused the message, e.g. `topup:42:receipt`: one message per key and recipient. */
  eventKey: string
  recipient: MailRecipient
  template: T
  /** The template's data; the recipient's name is filled in here. */
  data: Omit<MailTemplates[T], 'name'>
}

/**
 * Writes one message to the outbox inside the caller's transaction, so it exists exactly when
 * the event (and its money) committed; the deliver-mail job sends it after commit (ADR 026).
 * Runs in a savepoint and never throws: a mail problem (a template that fails to render, a
 * bad row) is logged and leaves the money operation alone. A second call with the same event
 * key and recipient writes nothing. Returns whether a message was written.
 */
export async function enqueueMail<T extends MailTemplate>(
  tx: Tx,
  input: EnqueueMailInput<T>,
): Promise<boolean> {
  try {
    return await tx.transaction(async (savepoint) => {
      let userId: number | null = null
      let to: string
      let name: string
      if ('userId' in input.recipient) {
        const [user] = await savepoint
          .select({ email: users.email, name: users.name })
          .from(users)
          .where(eq(users.id, input.recipient.userId))
        if (!user) throw new Error(`user ${input.recipient.userId} not found`)
        userId = input.recipient.userId
        to = user.email
        name = user.name
      } else {
        to = input.recipient.to
        name = input.recipient.name
      }
      const data = { ...input.data, name } as MailTemplates[T]
      // Rendered now, so what is sent and shown is what was true at the event; a failure
      // leaves it to the delivery job, which renders again from the stored data.
      const rendered: RenderedMail | null = await renderMail(input.template, data).catch(
        (error: unknown) => {
          logError('mail template failed to render at enqueue', error, {
            template: input.template,
            eventKey: input.eventKey,
          })
          return null
        },
      )
      const rows = await savepoint
        .insert(mailOutbox)
        .values({
          eventKey: input.eventKey,
          userId,
          toAddress: to,
          template: input.template,
          data: data as Record<string, unknown>,
          subject: rendered?.subject ?? null,
          html: rendered?.html ?? null,
          text: rendered?.text ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: mailOutbox.id })
      return rows.length > 0
    })
  } catch (error) {
    logError('could not enqueue mail (the event itself is not affected)', error, {
      template: input.template,
      eventKey: input.eventKey,
    })
    return false
  }
}
