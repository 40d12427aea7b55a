import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Offline mode only: the records of the simulated PayPal and VirtFusion (orders, panel users,
 * credit entries, the outage switch, id sequences), as JSON keyed by kind and id, so every
 * process on this database talks to one simulated PayPal and one VirtFusion
 * (server/offline-store.ts). Empty when the real providers are configured.
 */
export const offlineProviderState = pgTable(
  'offline_provider_state',
  {
    kind: text().notNull(),
    id: text().notNull(),
    state: jsonb().$type<unknown>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.id] }),
    // Lookups by content: a capture's order, a panel user's credit entries.
    index('offline_provider_state_state_idx').using('gin', t.state.op('jsonb_path_ops')),
  ],
)
