import { sql } from 'drizzle-orm'
import type { Tx } from '#db/client.ts'
import { mailOptOuts, mailOutbox, users } from '#db/schema/index.ts'
import { logError } from '#server/lib/log.ts'
import { categoryOfTemplate } from './preferences/categories.ts'
import type { MailTemplate, MailTemplates } from './templates/index.ts'

export type MailRecipient = { userId: number } | { to: string; name: string }

export type EnqueueMailInput<T extends MailTemplate> = {
  /** What caused the message, e.g. `topup:42:receipt`: one message per key and recipient. */
  eventKey: string
  recipient: MailRecipient
  template: T
  /** The template's data as of the event; the recipient's name is filled in here. */
  data: Omit<MailTemplates[T], 'name'>
}

/**
 * Writes one message to the outbox inside the caller's transaction, so it exists exactly when
 * the event (and its money) committed; the deliver-mail job renders and sends it after commit
 * (ADR 026). One INSERT … SELECT and nothing else: the caller often holds a balance row's lock,
 * so no rendering here. It cannot fail on the message's content: an unknown user writes
 * nothing, a second call with the same event key and recipient writes nothing, and data that
 * cannot be stored is refused before the statement (logged, the transaction untouched).
 * A message of an optional category the user turned off is dropped by the same statement
 * (no row: the outbox holds only what is meant to be sent). Returns whether a message was written.
 */
export async function enqueueMail<T extends MailTemplate>(
  tx: Tx,
  input: EnqueueMailInput<T>,
): Promise<boolean> {
  let data: string
  try {
    data = JSON.stringify(
      'to' in input.recipient ? { ...input.data, name: input.recipient.name } : input.data,
    )
  } catch (error) {
    logError('mail data cannot be stored; no message written (the event is not affected)', error, {
      template: input.template,
      eventKey: input.eventKey,
    })
    return false
  }
  const recipient = input.recipient
  const category = categoryOfTemplate(input.template)
  const optedOut = category
    ? sql`and not exists (select 1 from ${mailOptOuts}
                           where ${mailOptOuts.userId} = ${users.id}
                             and ${mailOptOuts.category} = ${category}::mail_category)`
    : sql``
  const rows =
    'to' in recipient
      ? await tx
          .insert(mailOutbox)
          .values({
            eventKey: input.eventKey,
            toAddress: recipient.to,
            template: input.template,
            data: JSON.parse(data) as Record<string, unknown>,
          })
          .onConflictDoNothing()
          .returning({ id: mailOutbox.id })
      : await tx.execute<{ id: number }>(sql`
          insert into ${mailOutbox} (event_key, user_id, to_address, template, data)
          select ${input.eventKey}::text, ${users.id}, ${users.email}, ${input.template}::text,
                 ${data}::jsonb || jsonb_build_object('name', ${users.name})
            from ${users}
           where ${users.id} = ${recipient.userId}::int ${optedOut}
          on conflict do nothing
          returning id`)
  return rows.length > 0
}
