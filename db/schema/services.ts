import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { creditTransactions } from './credits.ts'
import { users } from './users.ts'

/**
 * The services engine (ADR 024): one catalog and one subscription model for every service
 * paid from custom credits. A new kind of service is a new product family (its zod limits
 * schema, its provisioner, its per-family rules), not a new engine.
 */
export const PRODUCT_FAMILIES = ['dns', 'dedicated_server'] as const
export type ProductFamily = (typeof PRODUCT_FAMILIES)[number]
export const productFamily = pgEnum('product_family', PRODUCT_FAMILIES)

/** Each price is its own exact amount, never derived from the monthly one. */
export const BILLING_CYCLES = ['monthly', 'quarterly', 'yearly'] as const
export type BillingCycle = (typeof BILLING_CYCLES)[number]
export const billingCycle = pgEnum('billing_cycle', BILLING_CYCLES)

/**
 * active: listed and orderable · hidden: neither, until an admin shows it again (existing
 * services keep it) · retired: closed for good (existing services run to their end).
 */
export const PRODUCT_VISIBILITIES = ['active', 'hidden', 'retired'] as const
export const productVisibility = pgEnum('product_visibility', PRODUCT_VISIBILITIES)

export const products = pgTable(
  'products',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    family: productFamily().notNull(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** Display bullets. */
    features: jsonb().$type<string[]>().notNull().default([]),
    /** Family-specific limits, validated by the family's zod schema (DNS: maxDomains, maxRecords). */
    limits: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    setupFeeCents: bigint({ mode: 'number' }).notNull().default(0),
    visibility: productVisibility().notNull().default('active'),
    displayOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('products_family_slug_key').on(t.family, t.slug),
    uniqueIndex('products_family_name_key').on(t.family, t.name),
    // Target of services' (product_id, family) key: a service's family is its product's.
    unique('products_id_family_key').on(t.id, t.family),
    check('products_setup_fee_not_negative', sql`${t.setupFeeCents} >= 0`),
  ],
)
export type Product = typeof products.$inferSelect

export const productPrices = pgTable(
  'product_prices',
  {
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    cycle: billingCycle().notNull(),
    priceCents: bigint({ mode: 'number' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.cycle] }),
    check('product_prices_positive', sql`${t.priceCents} > 0`),
  ],
)
export type ProductPrice = typeof productPrices.$inferSelect

/**
 * pending: paid, awaiting provisioning · active · past_due: renewal unpaid, in grace ·
 * suspended: unpaid after grace, resumable once paid · cancelled: ended at a period end at the
 * customer's request · terminated: ended for good (unpaid after suspension, or by an admin).
 */
export const SERVICE_STATUSES = [
  'pending',
  'active',
  'past_due',
  'suspended',
  'cancelled',
  'terminated',
] as const
export type ServiceStatus = (typeof SERVICE_STATUSES)[number]
export const serviceStatus = pgEnum('service_status', SERVICE_STATUSES)
/** Statuses of a service the customer still holds. */
export const LIVE_SERVICE_STATUSES = ['pending', 'active', 'past_due', 'suspended'] as const

export const services = pgTable(
  'services',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    productId: integer().notNull(),
    family: productFamily().notNull(),
    cycle: billingCycle().notNull(),
    status: serviceStatus().notNull(),
    currentPeriodStart: timestamp({ withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp({ withTimezone: true }).notNull(),
    /** Day of month the service started on; periods end on it, clamped to short months (ADR 006). */
    anchorDay: integer().notNull(),
    /** What was paid for the current period; proration is computed from it. */
    pricePaidCents: bigint({ mode: 'number' }).notNull(),
    /** The price per cycle locked at purchase; each renewal charges it. */
    recurringPriceCents: bigint({ mode: 'number' }).notNull(),
    /** A catalog price change, announced to the customer, that applies from the next renewal. */
    nextRecurringPriceCents: bigint({ mode: 'number' }),
    autoRenew: boolean().notNull().default(true),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    /** A downgrade or cycle change that takes effect at the period end. */
    scheduledProductId: integer().references(() => products.id, { onDelete: 'restrict' }),
    scheduledCycle: billingCycle(),
    /** Provisioning record (manual provisioner): what the admin assigned. */
    hostname: text(),
    ipAddress: text(),
    provisioningNotes: text(),
    provisionedAt: timestamp({ withTimezone: true }),
    provisionedBy: integer().references(() => users.id, { onDelete: 'restrict' }),
    lastPaymentAt: timestamp({ withTimezone: true }),
    nextPaymentAt: timestamp({ withTimezone: true }),
    /** When it went past due (grace and suspension are counted from the unpaid period's start). */
    suspendedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'services_product_family_fk',
      columns: [t.productId, t.family],
      foreignColumns: [products.id, products.family],
    }).onDelete('restrict'),
    // Per-family rule: at most one live DNS plan per user (any number of dedicated servers).
    uniqueIndex('services_one_live_dns')
      .on(t.userId)
      .where(
        sql`${t.family} = 'dns' and ${t.status} in ('pending', 'active', 'past_due', 'suspended')`,
      ),
    index('services_due_idx')
      .on(t.currentPeriodEnd)
      .where(sql`${t.status} in ('active', 'past_due', 'suspended')`),
    index('services_user_idx').on(t.userId, t.id.desc()),
    index('services_family_status_idx').on(t.family, t.status),
    check('services_period', sql`${t.currentPeriodEnd} > ${t.currentPeriodStart}`),
    check('services_anchor', sql`${t.anchorDay} between 1 and 31`),
    check(
      'services_prices_not_negative',
      sql`${t.pricePaidCents} >= 0 and ${t.recurringPriceCents} > 0 and coalesce(${t.nextRecurringPriceCents}, 1) > 0`,
    ),
    check(
      'services_ended_has_time',
      sql`(${t.status} in ('cancelled', 'terminated')) = (${t.endedAt} is not null)`,
    ),
  ],
)
export type Service = typeof services.$inferSelect

export const SERVICE_CHARGE_KINDS = ['purchase', 'setup_fee', 'renewal', 'upgrade'] as const
export const serviceChargeKind = pgEnum('service_charge_kind', SERVICE_CHARGE_KINDS)

/** Every charge for a service, once, pointing at its ledger entry. */
export const serviceCharges = pgTable(
  'service_charges',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'restrict' }),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    cycle: billingCycle().notNull(),
    kind: serviceChargeKind().notNull(),
    periodStart: timestamp({ withTimezone: true }).notNull(),
    periodEnd: timestamp({ withTimezone: true }).notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    /** Refunded by admins so far (service_refund entries); never more than the charge. */
    refundedCents: bigint({ mode: 'number' }).notNull().default(0),
    creditEntryId: bigint({ mode: 'number' })
      .notNull()
      .references(() => creditTransactions.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A period is paid for once (purchase or renewal)...
    uniqueIndex('service_charges_period_once')
      .on(t.serviceId, t.periodStart)
      .where(sql`${t.kind} in ('purchase', 'renewal')`),
    // ...a setup fee once per service, an upgrade to a given product and cycle once per period.
    uniqueIndex('service_charges_setup_fee_once')
      .on(t.serviceId)
      .where(sql`${t.kind} = 'setup_fee'`),
    uniqueIndex('service_charges_upgrade_once')
      .on(t.serviceId, t.periodStart, t.productId, t.cycle)
      .where(sql`${t.kind} = 'upgrade'`),
    uniqueIndex('service_charges_entry_key').on(t.creditEntryId),
    check('service_charges_amount_positive', sql`${t.amountCents} > 0`),
    check(
      'service_charges_refund_within_charge',
      sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.amountCents}`,
    ),
  ],
)
export type ServiceCharge = typeof serviceCharges.$inferSelect

/** An admin's refund of (part of) a service charge, tied to its ledger entry. */
export const serviceRefunds = pgTable(
  'service_refunds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    chargeId: integer()
      .notNull()
      .references(() => serviceCharges.id, { onDelete: 'restrict' }),
    amountCents: bigint({ mode: 'number' }).notNull(),
    creditEntryId: bigint({ mode: 'number' })
      .notNull()
      .references(() => creditTransactions.id, { onDelete: 'restrict' }),
    adminUserId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: text().notNull(),
    /** The admin's key for this refund: a retry with it gets this refund back. */
    idempotencyKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_refunds_entry_key').on(t.creditEntryId),
    uniqueIndex('service_refunds_idempotency_key').on(t.adminUserId, t.idempotencyKey),
    index('service_refunds_charge_idx').on(t.chargeId),
    check('service_refunds_amount_positive', sql`${t.amountCents} > 0`),
  ],
)

export const SERVICE_EVENT_TYPES = [
  'activated',
  'plan_changed',
  'suspended',
  'unsuspended',
  'cancelled',
  'terminated',
] as const
export type ServiceEventType = (typeof SERVICE_EVENT_TYPES)[number]
export const serviceEventType = pgEnum('service_event_type', SERVICE_EVENT_TYPES)

export const EVENT_DELIVERY_STATES = ['pending', 'delivered', 'failed', 'not_needed'] as const
export const eventDeliveryState = pgEnum('event_delivery_state', EVENT_DELIVERY_STATES)

/**
 * The provisioning outbox: every lifecycle change, written in the transaction that made it.
 * The provisioning worker delivers each to its family's provisioner, at least once, under the
 * stable `event_id`.
 */
export const serviceEvents = pgTable(
  'service_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid()
      .notNull()
      .default(sql`gen_random_uuid()`),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'restrict' }),
    family: productFamily().notNull(),
    type: serviceEventType().notNull(),
    /** The service as the receiver needs it: user, product, limits, cycle, period. */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    deliveryState: eventDeliveryState().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_events_event_id_key').on(t.eventId),
    index('service_events_service_idx').on(t.serviceId, t.id),
    index('service_events_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveryState} = 'pending'`),
  ],
)
export type ServiceEvent = typeof serviceEvents.$inferSelect

/** Every webhook delivery attempt, for admins (append-only in practice). */
export const serviceEventDeliveries = pgTable(
  'service_event_deliveries',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    serviceEventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => serviceEvents.id, { onDelete: 'restrict' }),
    attempt: integer().notNull(),
    url: text().notNull(),
    /** HTTP status, or null when no answer came (timeout, refused). */
    responseStatus: integer(),
    responseBody: text(),
    error: text(),
    durationMs: integer().notNull(),
    /** An admin's manual redelivery, else the worker's schedule. */
    requestedBy: integer().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_event_deliveries_event_idx').on(t.serviceEventId, t.id)],
)
export type ServiceEventDelivery = typeof serviceEventDeliveries.$inferSelect
