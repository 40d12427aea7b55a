import { sql } from 'drizzle-orm'
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * pending: waiting for (another) delivery attempt. sent: the SMTP server accepted it.
 * failed: given up (permanent refusal or too many attempts). local: kept in the local
 * mailbox instead of sent (no SMTP_URL: development, offline demos, MAIL_DISCARD).
 */
export const mailStatus = pgEnum('mail_status', ['pending', 'sent', 'failed', 'local'])

/**
 * The mail outbox (ADR 026): one row per message and recipient, written in the same
 * transaction as the event that causes it and delivered by the deliver-mail job after commit.
 * The unique (event_key, to_address) makes a producer that runs twice enqueue nothing more.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What caused it, e.g. `topup:42:receipt`; with the address, at most one message. */
    eventKey: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'restrict' }),
    toAddress: text().notNull(),
    template: text().notNull(),
    /** The template's input as of the event; rendered by the delivery job, never in the event's transaction. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Stored when rendered, before the first attempt: what was sent is what admins see. */
    subject: text(),
    html: text(),
    text: text(),
    status: mailStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    /** The SMTP server's Message-ID for the accepted message. */
    messageId: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mail_outbox_event_recipient_key').on(t.eventKey, t.toAddress),
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('mail_outbox_created_idx').on(t.createdAt.desc(), t.id.desc()),
  ],
)
export type MailOutboxRow = typeof mailOutbox.$inferSelect
export type MailStatus = (typeof mailStatus.enumValues)[number]
