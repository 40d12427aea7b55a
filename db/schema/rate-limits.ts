import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Hits per key (e.g. "capture:user:12") for fixed-window rate limits that survive restarts. */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    key: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rate_limit_hits_key_idx').on(t.key, t.createdAt)],
)
