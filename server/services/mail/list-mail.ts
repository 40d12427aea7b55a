import { and, desc, eq, lt, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { mailOutbox, type MailOutboxRow, type MailStatus } from '#db/schema/index.ts'

export type MailListItem = Pick<
  MailOutboxRow,
  | 'id'
  | 'toAddress'
  | 'subject'
  | 'template'
  | 'status'
  | 'attempts'
  | 'lastError'
  | 'nextAttemptAt'
  | 'sentAt'
  | 'createdAt'
>

/** The outbox for admins, newest first: the local mailbox, and failed or waiting deliveries. */
export async function listMail(
  db: DbOrTx,
  input: { status?: MailStatus; before?: number; limit: number },
): Promise<{ items: MailListItem[]; nextBefore: number | null }> {
  const conditions: SQL[] = []
  if (input.status) conditions.push(eq(mailOutbox.status, input.status))
  if (input.before) conditions.push(lt(mailOutbox.id, input.before))
  const items = await db
    .select({
      id: mailOutbox.id,
      toAddress: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      template: mailOutbox.template,
      status: mailOutbox.status,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      nextAttemptAt: mailOutbox.nextAttemptAt,
      sentAt: mailOutbox.sentAt,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(and(...conditions))
    .orderBy(desc(mailOutbox.id))
    .limit(input.limit + 1)
  const more = items.length > input.limit
  const page = more ? items.slice(0, input.limit) : items
  return { items: page, nextBefore: more ? (page.at(-1)?.id ?? null) : null }
}

/** One message as stored: what was sent (or kept locally) is what is shown. */
export async function getMail(db: DbOrTx, id: number): Promise<MailOutboxRow | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id))
  return row
}
