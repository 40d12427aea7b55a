import { sql, type SQL } from 'drizzle-orm'
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
 * The outbox INSERT … SELECT of one message, without RETURNING: enqueueMail runs it, and a
 * caller may put it in a larger statement as a data-modifying CTE. With `onlyWith` (a relation,
 * e.g. another CTE of that statement) it writes nothing unless that relation has a row, so a
 * notice exists exactly when its event's row was written. It cannot fail on the message's
 * content: an unknown user writes nothing, a second message with the same event key and
 * recipient writes nothing, and a message of an optional category the user turned off is
 * dropped (the outbox holds only what is meant to be sent). Data that cannot be stored gives
 * null (logged): no message, the event not affected.
 */
export function buildMailInsert<T extends MailTemplate>(
  input: EnqueueMailInput<T>,
  options: { onlyWith?: SQL } = {},
): SQL | null {
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
    return null
  }
  const recipient = input.recipient
  const withRow = options.onlyWith ? sql`exists (select 1 from ${options.onlyWith})` : null
  if ('to' in recipient) {
    return sql`
      insert into ${mailOutbox} (event_key, to_address, template, data)
      select ${input.eventKey}::text, ${recipient.to}::text, ${input.template}::text, ${data}::jsonb
      ${withRow ? sql`where ${withRow}` : sql``}
      on conflict do nothing`
  }
  const category = categoryOfTemplate(input.template)
  const optedOut = category
    ? sql`and not exists (select 1 from ${mailOptOuts}
                           where ${mailOptOuts.userId} = ${users.id}
                             and ${mailOptOuts.category} = ${category}::mail_category)`
    : sql``
  return sql`
    insert into ${mailOutbox} (event_key, user_id, to_address, template, data)
    select ${input.eventKey}::text, ${users.id}, ${users.email}, ${input.template}::text,
           ${data}::jsonb || jsonb_build_object('name', ${users.name})
      from ${users}
     where ${users.id} = ${recipient.userId}::int ${optedOut} ${withRow ? sql`and ${withRow}` : sql``}
    on conflict do nothing`
}

/**
 * Writes one message to the outbox inside the caller's transaction, so it exists exactly when
 * the event (and its money) committed; the deliver-mail job renders and sends it after commit
 * (ADR 026). One INSERT … SELECT (buildMailInsert) and nothing else: the caller often holds a
 * balance row's lock, so no rendering here. Returns whether a message was written.
 */
export async function enqueueMail<T extends MailTemplate>(
  tx: Tx,
  input: EnqueueMailInput<T>,
): Promise<boolean> {
  const insert = buildMailInsert(input)
  if (!insert) return false
  const rows = await tx.execute<{ id: number }>(sql`${insert} returning id`)
  return rows.length > 0
}
