import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  timestamp,
} from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * The mail a user may turn off (ADR 026 addendum). Security and money-movement messages have
 * no category: they are always sent.
 */
export const mailCategory = pgEnum('mail_category', [
  'billing_reminders',
  'low_balance',
  'product_news',
])
export type MailCategory = (typeof mailCategory.enumValues)[number]

/** One row per user and category they turned off; no row means the category is on. */
export const mailOptOuts = pgTable(
  'mail_opt_outs',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: mailCategory().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
)

/** A user's own low-balance threshold; no row means the default from the admin settings. */
export const lowBalanceThresholds = pgTable(
  'low_balance_thresholds',
  {
    userId: integer()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    thresholdCents: bigint({ mode: 'number' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('low_balance_threshold_not_negative', sql`${t.thresholdCents} >= 0`)],
)
