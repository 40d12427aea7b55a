import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { creditTransactions } from './credits.ts'
import { topups } from './payments.ts'
import { serviceCharges, serviceRefunds } from './services.ts'
import { users } from './users.ts'

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

/**
 * receipt: a completed PayPal top-up (either balance) · invoice: a charge to custom credits
 * (service purchase, setup fee, renewal, upgrade) · credit_note: an admin's refund of a
 * service charge.
 */
export const DOCUMENT_KINDS = ['receipt', 'invoice', 'credit_note'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]
export const documentKind = pgEnum('document_kind', DOCUMENT_KINDS)

/**
 * Issued documents (ADR 027). Written only by the issuing triggers (migration 0023), at
 * COMMIT of the transaction that wrote their source, numbered from `document_counters` in
 * that transaction, so a rolled-back transaction leaves no number behind. Append-only: a
 * trigger refuses UPDATE, DELETE and TRUNCATE; corrections are credit notes. `snapshot`
 * holds everything printed, so later settings or price changes never alter a document.
 */
export const documents = pgTable(
  'documents',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: documentKind().notNull(),
    /** The UTC year of issue; `seq` counts from 1 per kind and year without gaps. */
    year: smallint().notNull(),
    seq: integer().notNull(),
    /** INV-2026-000001, RCT-2026-000001, CN-2026-000001. */
    number: text().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    topupId: integer().references(() => topups.id, { onDelete: 'restrict' }),
    serviceChargeId: integer().references(() => serviceCharges.id, { onDelete: 'restrict' }),
    serviceRefundId: integer().references(() => serviceRefunds.id, { onDelete: 'restrict' }),
    creditEntryId: bigint({ mode: 'number' }).references(() => creditTransactions.id, {
      onDelete: 'restrict',
    }),
    paypalCaptureId: text(),
    /** Receipts: money paid (currency cents); invoices: credits charged; credit notes: negative. */
    totalCents: bigint({ mode: 'number' }).notNull(),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    unique('documents_kind_year_seq_key').on(t.kind, t.year, t.seq),
    uniqueIndex('documents_number_key').on(t.number),
    uniqueIndex('documents_topup_key').on(t.topupId),
    uniqueIndex('documents_service_charge_key').on(t.serviceChargeId),
    uniqueIndex('documents_service_refund_key').on(t.serviceRefundId),
    index('documents_user_idx').on(t.userId, t.id.desc()),
    check('documents_seq_positive', sql`${t.seq} > 0`),
    check(
      'documents_source_matches_kind',
      sql`case ${t.kind}
        when 'receipt' then ${t.topupId} is not null and ${t.serviceChargeId} is null and ${t.serviceRefundId} is null
        when 'invoice' then ${t.serviceChargeId} is not null and ${t.topupId} is null and ${t.serviceRefundId} is null
        else ${t.serviceRefundId} is not null and ${t.topupId} is null and ${t.serviceChargeId} is null end`,
    ),
  ],
)
export type DocumentRow = typeof documents.$inferSelect

/** The last number issued per kind and year; its row lock orders issuance until commit. */
export const documentCounters = pgTable(
  'document_counters',
  {
    kind: documentKind().notNull(),
    year: smallint().notNull(),
    lastSeq: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
)

/** Logos printed on documents, by content hash: a document's snapshot names one, forever. */
export const documentLogos = pgTable('document_logos', {
  sha256: text().primaryKey(),
  contentType: text().notNull(),
  bytes: bytea().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
