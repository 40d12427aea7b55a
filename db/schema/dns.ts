import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

// The DNS plans, subscriptions and charges live in the services engine (services.ts, ADR 024);
// migration 0018 dropped their dns_* tables. Notifications stay here: every area uses them.

export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    link: text(),
    /** Makes a notification once-only (e.g. one reminder per subscription period). */
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id.desc()),
    uniqueIndex('notifications_dedupe_key').on(t.userId, t.dedupeKey),
  ],
)
export type Notification = typeof notifications.$inferSelect
