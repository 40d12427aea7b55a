import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/**
 * What admins did outside the credit ledger (roles, account status, subscriptions): who,
 * when and why, written in the same transaction as the change. Append-only (trigger in
 * migration 0010). Admin credit adjustments keep their admin and reason in the journal.
 */
export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    adminUserId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    targetUserId: integer().references(() => users.id, { onDelete: 'restrict' }),
    /** `<subject kind>.<verb>`, e.g. `user.set_role`, `dns_subscription.cancel`. */
    action: text().notNull(),
    subject: text(),
    reason: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admin_audit_log_target_idx').on(t.targetUserId, t.id.desc()),
    index('admin_audit_log_admin_idx').on(t.adminUserId, t.id.desc()),
  ],
)
export type AdminAuditEntry = typeof adminAuditLog.$inferSelect
