import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
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

/** One vocabulary for every credit movement in the product. Adding a type is additive. */
export const CREDIT_ENTRY_TYPES = [
  'purchase',
  'admin_add',
  'admin_remove',
  'dns_plan_purchase',
  'dns_plan_renewal',
  'dns_plan_upgrade',
  'refund',
  'chargeback',
  // The services engine (ADR 024); the dns_plan_* types stay for the entries written before it.
  'service_purchase',
  'service_setup_fee',
  'service_renewal',
  'service_upgrade',
  /** An admin gives back (part of) a service charge: adds credits. */
  'service_refund',
] as const
export type CreditEntryType = (typeof CREDIT_ENTRY_TYPES)[number]

/** Types that add credits; every other type takes them away (enforced by a CHECK). */
export const CREDIT_TYPES_THAT_ADD: readonly CreditEntryType[] = [
  'purchase',
  'admin_add',
  'service_refund',
]

export const creditEntryType = pgEnum('credit_entry_type', CREDIT_ENTRY_TYPES)

export const userCredits = pgTable('user_credits', {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: 'restrict' }),
  balanceCents: bigint({ mode: 'number' }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/**
 * The custom-credit journal. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
 * (migration 0002); corrections are new, compensating entries. Entries are written only
 * once final, so status is always 'completed'; pending payments live with their top-up.
 */
export const creditTransactions = pgTable(
  'credit_transactions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    type: creditEntryType().notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    balanceBeforeCents: bigint({ mode: 'number' }).notNull(),
    balanceAfterCents: bigint({ mode: 'number' }).notNull(),
    status: text().notNull().default('completed'),
    description: text().notNull(),
    paymentMethod: text(),
    paymentReference: text(),
    idempotencyKey: text(),
    adminUserId: integer().references(() => users.id, { onDelete: 'restrict' }),
    reason: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'credit_transactions_chain',
      sql`${t.balanceAfterCents} = ${t.balanceBeforeCents} + ${t.amountCents}`,
    ),
    check('credit_transactions_amount_nonzero', sql`${t.amountCents} <> 0`),
    check(
      'credit_transactions_sign_matches_type',
      // ::text: an enum value added by a migration cannot be compared with in the same transaction.
      sql`(${t.type}::text in ('purchase', 'admin_add', 'service_refund')) = (${t.amountCents} > 0)`,
    ),
    check(
      'credit_transactions_admin_entries_audited',
      sql`${t.type}::text not in ('admin_add', 'admin_remove', 'service_refund') or (${t.adminUserId} is not null and ${t.reason} is not null)`,
    ),
    check('credit_transactions_status', sql`${t.status} = 'completed'`),
    uniqueIndex('credit_transactions_payment_reference_key').on(t.paymentReference),
    uniqueIndex('credit_transactions_idempotency_key').on(t.userId, t.idempotencyKey),
    index('credit_transactions_user_history_idx').on(t.userId, t.id.desc()),
    index('credit_transactions_user_type_idx').on(t.userId, t.type, t.id.desc()),
    index('credit_transactions_description_trgm_idx').using(
      'gin',
      sql`${t.description} gin_trgm_ops`,
    ),
    index('credit_transactions_reason_trgm_idx').using('gin', sql`${t.reason} gin_trgm_ops`),
  ],
)

export type CreditTransaction = typeof creditTransactions.$inferSelect

/**
 * One run of a bulk adjustment file (each apply request is its own batch). The rows it
 * posted are ledger entries keyed `bulk:<row fingerprint>:<occurrence>` with
 * `metadata.bulkBatchId` pointing here, so a replay can say which batch applied it and when.
 */
export const bulkCreditBatches = pgTable('bulk_credit_batches', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  adminUserId: integer()
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  /** sha256 of the normalised file text (first 16 hex digits), to recognise a file again. */
  fileHash: text().notNull(),
  rowCount: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export type BulkCreditBatch = typeof bulkCreditBatches.$inferSelect
