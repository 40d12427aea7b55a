import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const systemCheckKind = pgEnum('system_check_kind', ['ledger', 'virtfusion', 'paypal_refunds'])

/** Results of the scheduled and on-demand audits, shown to admins on /admin/health. */
export const systemChecks = pgTable(
  'system_checks',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: systemCheckKind().notNull(),
    outcome: text().$type<'ok' | 'findings'>().notNull(),
    summary: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('system_checks_kind_idx').on(t.kind, t.id.desc())],
)
export type SystemCheck = typeof systemChecks.$inferSelect
